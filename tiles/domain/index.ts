/**
 * The shared vocabulary of City Brain, in one dependency-free folder: case statuses and channels,
 * places (area levels, building uses, facility kinds), roles, and what the city senses (device kinds,
 * metrics, alarm rules, severities). Labels in both languages and map colours live with each term.
 * api, tiles, seed and web import it; it imports nothing.
 */
export * from './labels';
export * from './cases';
export * from './places';
export * from './residents';
export * from './roles';
export * from './sensing';
export * from './metrics';
export * from './planning';
export * from './wall';
