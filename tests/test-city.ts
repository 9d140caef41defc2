/** The city every test run uses: full administrative areas, a fifth of the buildings and incidents. */
export const TEST_SEED = 42;
export const TEST_SCALE = 0.2;
