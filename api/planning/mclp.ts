/**
 * Maximal covering location (Church & ReVelle's MCLP) with today's facilities fixed: choose `count` new
 * sites among candidates so that as many not-yet-covered people as possible fall within reach of one.
 *
 * Input: per demand point the people it still needs covered (0 when an existing facility already covers it)
 * and per candidate the demand points it would cover (`coverSets` in engine.ts). Method, in three steps:
 *
 * 1. Greedy with lazy evaluation (Minoux's accelerated greedy): a candidate's gain can only shrink as sites
 *    are added (coverage is submodular), so a stale gain in the queue is an upper bound and only the top
 *    needs recomputing. Greedy alone is within 1 − 1/e of the optimum.
 * 2. A swap pass: replace a chosen site by any other candidate while that raises the total. Steps 1–2 run
 *    from a few starts (each of the best few single candidates forced first), keeping the best.
 * 3. Branch and bound over the candidates, with the best of 2 as the bar to beat and the sum of the
 *    largest remaining marginal gains as the bound, under a work budget: on small instances it completes
 *    and the answer is optimal; on city-sized ones it runs out and the answer is that of 2.
 *
 * Deterministic: ties go to the lowest candidate index. Sites that would add nobody are never chosen, so
 * fewer than `count` sites come back when the candidates run out of people to cover.
 */

export interface CoverProblem {
  /** Per demand point: people not yet covered (0 if already covered). Non-negative. */
  weights: Float64Array;
  /** Per candidate: the demand points (distinct indices into weights) it covers; null for one that covers nothing. */
  sets: readonly (Int32Array | null)[];
  /** Sites to choose. */
  count: number;
  /**
   * Set entries the exact search (step 3) may read before it gives up; default SEARCH_BUDGET. 0 skips it,
   * leaving the heuristic's answer (tests use this to measure steps 1–2 alone).
   */
  searchBudget?: number;
}

export interface CoverResult {
  /** Candidate indices, in pick order: each adds the most given the ones before it. */
  chosen: number[];
  /** The people each newly covers given those before it; they add up to total. */
  gains: number[];
  /** People covered by the chosen sites together. */
  total: number;
}

const EMPTY = new Int32Array(0);

function validate({ weights, sets, count, searchBudget }: CoverProblem): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (searchBudget !== undefined && !(searchBudget >= 0)) throw new RangeError(`searchBudget must be a non-negative number, got ${searchBudget}`);
  for (let p = 0; p < weights.length; p++) {
    if (!(weights[p] >= 0) || weights[p] === Infinity) throw new RangeError(`weights[${p}] must be a finite non-negative number, got ${weights[p]}`);
  }
  // Cover counts assume each set names a point once.
  const seen = new Int32Array(weights.length).fill(-1);
  sets.forEach((set, j) => {
    if (!set) return;
    for (let k = 0; k < set.length; k++) {
      const p = set[k];
      if (!(p >= 0 && p < weights.length)) throw new RangeError(`sets[${j}] names demand point ${p}, outside 0..${weights.length - 1}`);
      if (seen[p] === j) throw new RangeError(`sets[${j}] names demand point ${p} twice`);
      seen[p] = j;
    }
  });
}

/** Σ weights over the set's points that no chosen site covers yet (covered[p] counts the sites covering p). */
function gainOf(set: Int32Array, weights: Float64Array, covered: Int32Array): number {
  let gain = 0;
  for (let k = 0; k < set.length; k++) if (covered[set[k]] === 0) gain += weights[set[k]];
  return gain;
}

function addSite(set: Int32Array, covered: Int32Array, delta: 1 | -1): void {
  for (let k = 0; k < set.length; k++) covered[set[k]] += delta;
}

/**
 * The given sites reordered greedily (most people first, ties to the lower index), with their marginal
 * gains; a site that adds nobody given the others is dropped.
 */
function pickOrder(sites: number[], sets: readonly (Int32Array | null)[], weights: Float64Array): CoverResult {
  const covered = new Int32Array(weights.length);
  const left = [...sites].sort((a, b) => a - b);
  const chosen: number[] = [];
  const gains: number[] = [];
  let total = 0;
  while (left.length > 0) {
    let best = -1, bestGain = -1;
    left.forEach((j, k) => {
      const g = gainOf(sets[j] ?? EMPTY, weights, covered);
      if (g > bestGain) {
        bestGain = g;
        best = k;
      }
    });
    if (bestGain <= 0) break;
    const [j] = left.splice(best, 1);
    addSite(sets[j] ?? EMPTY, covered, 1);
    chosen.push(j);
    gains.push(bestGain);
    total += bestGain;
  }
  return { chosen, gains, total };
}

/** A max-queue of (gain bound, candidate), higher bound first, lower index first among equal bounds. */
class BoundQueue {
  private bound: number[] = [];
  private item: number[] = [];
  get size(): number {
    return this.item.length;
  }
  private before(a: number, b: number): boolean {
    return this.bound[a] > this.bound[b] || (this.bound[a] === this.bound[b] && this.item[a] < this.item[b]);
  }
  private swap(a: number, b: number): void {
    [this.bound[a], this.bound[b]] = [this.bound[b], this.bound[a]];
    [this.item[a], this.item[b]] = [this.item[b], this.item[a]];
  }
  push(bound: number, item: number): void {
    this.bound.push(bound);
    this.item.push(item);
    for (let i = this.item.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  /** The candidate at the top. */
  peek(): number {
    return this.item[0];
  }
  pop(): void {
    const last = this.item.length - 1;
    this.swap(0, last);
    this.bound.pop();
    this.item.pop();
    for (let i = 0; ; ) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && this.before(c + 1, c)) c++;
      if (!this.before(c, i)) break;
      this.swap(i, c);
      i = c;
    }
  }
}

/** Starts of greedy + swaps at most (each of the best few single candidates forced first). */
const MAX_STARTS = 8;
/** No further start begins once the starts so far have read about this many set entries (tens of ms). */
const START_BUDGET = 2e7;
/** Set entries the branch and bound may read before it gives up (tens of milliseconds). */
const SEARCH_BUDGET = 5e6;

/** Greedy, swaps and a bounded exact search; see the module comment. */
export function maximalCover(problem: CoverProblem): CoverResult {
  validate(problem);
  const { weights, sets, count } = problem;
  const n = sets.length;
  const none = new Int32Array(weights.length);
  const alone = new Float64Array(n);
  let entries = 0;
  for (let j = 0; j < n; j++) {
    alone[j] = gainOf(sets[j] ?? EMPTY, weights, none);
    entries += sets[j]?.length ?? 0;
  }
  const firsts = Array.from({ length: n }, (_, j) => j)
    .filter((j) => alone[j] > 0)
    .sort((a, b) => alone[b] - alone[a] || a - b);
  if (count === 0 || firsts.length === 0) return { chosen: [], gains: [], total: 0 };

  let best: number[] = [];
  let bestTotal = -1;
  let work = 0;
  for (let r = 0; r < Math.min(MAX_STARTS, firsts.length) && (r === 0 || work < START_BUDGET); r++) {
    const start = lazyGreedy(problem, alone, firsts[r]);
    work += start.work + swapPass(problem, start.chosen);
    const total = gainTotal(start.chosen, sets, weights);
    if (total > bestTotal * (1 + 1e-12)) {
      best = start.chosen;
      bestTotal = total;
    }
  }
  // The exact search's root alone reads every set: skip it where that is already over budget.
  const budget = problem.searchBudget ?? SEARCH_BUDGET;
  const better = entries + n <= budget ? branchAndBound(problem, firsts, bestTotal, budget) : null;
  return pickOrder(better ?? best, sets, weights);
}

/**
 * Greedy with lazy evaluation, `first` taken first: pop the top of the queue, recompute its gain if it is
 * stale, and take it when it is fresh (fresh[j] is the round its queued gain was computed in).
 */
function lazyGreedy({ weights, sets, count }: CoverProblem, alone: Float64Array, first: number): { chosen: number[]; work: number } {
  const n = sets.length;
  const covered = new Int32Array(weights.length);
  let work = n;
  const chosen = [first];
  addSite(sets[first] ?? EMPTY, covered, 1);
  const queue = new BoundQueue();
  for (let j = 0; j < n; j++) if (j !== first && alone[j] > 0) queue.push(alone[j], j);
  const fresh = new Int32Array(n).fill(-1);
  for (let round = 1; chosen.length < count && queue.size > 0; ) {
    const j = queue.peek();
    queue.pop();
    if (fresh[j] === round) {
      chosen.push(j);
      addSite(sets[j] ?? EMPTY, covered, 1);
      round++;
      continue;
    }
    const gain = gainOf(sets[j] ?? EMPTY, weights, covered);
    work += sets[j]?.length ?? 0;
    fresh[j] = round;
    if (gain > 0) queue.push(gain, j);
  }
  return { chosen, work };
}

/**
 * Swap pass, best improvement first, in place. Replacing chosen site `out` by candidate j changes the total
 * by
 *   gain_j(S) + (what j covers of the points only `out` covers) − (what only `out` covers),
 * so one scan of every set, sorting each point by how many chosen sites cover it (none: j would add it;
 * exactly one: j would keep it if that one went), prices every possible swap at once. Apply the best,
 * rescan, and stop when no swap gains more than rounding noise; each swap raises the total, so this ends.
 * Returns the work done, in set entries read (and swap prices computed).
 */
function swapPass({ weights, sets }: CoverProblem, chosen: number[]): number {
  const n = sets.length;
  const k = chosen.length;
  const covered = new Int32Array(weights.length);
  const owner = new Int32Array(weights.length);
  const added = new Float64Array(n);
  const kept = new Float64Array(n * k);
  const eps = 1e-9 * Math.max(1, gainTotal(chosen, sets, weights));
  let work = 0;
  for (let iteration = 0; iteration < 1000; iteration++) {
    covered.fill(0);
    chosen.forEach((j, pos) => {
      const set = sets[j] ?? EMPTY;
      for (let q = 0; q < set.length; q++) {
        covered[set[q]]++;
        owner[set[q]] = pos;
      }
    });
    kept.fill(0);
    for (let j = 0; j < n; j++) {
      const set = sets[j] ?? EMPTY;
      let gain = 0;
      for (let q = 0; q < set.length; q++) {
        const p = set[q], w = weights[p];
        if (w === 0) continue;
        if (covered[p] === 0) gain += w;
        else if (covered[p] === 1) kept[j * k + owner[p]] += w;
      }
      added[j] = gain;
      work += set.length + k;
    }
    let bestDelta = eps, bestPos = -1, bestJ = -1;
    for (let pos = 0; pos < k; pos++) {
      const loss = kept[chosen[pos] * k + pos];
      for (let j = 0; j < n; j++) {
        const delta = added[j] + kept[j * k + pos] - loss;
        if (delta > bestDelta && !chosen.includes(j)) {
          bestDelta = delta;
          bestPos = pos;
          bestJ = j;
        }
      }
    }
    if (bestPos < 0) break;
    chosen[bestPos] = bestJ;
  }
  return work;
}

/**
 * Depth-first search over the useful candidates (`order`, most people alone first): at each node the
 * bound is what is covered so far plus the largest marginal gains of the candidates still open, as many
 * as there are sites left to place (marginal gains only shrink, so no completion can beat it). Returns a
 * set strictly better than `bar`, the best such found, or null when none exists — or when `budget` set
 * entries have been read before the search could finish, in which case the incumbent stands.
 */
function branchAndBound({ weights, sets, count }: CoverProblem, order: number[], bar: number, budget: number): number[] | null {
  const k = Math.min(count, order.length);
  const covered = new Int32Array(weights.length);
  const eps = 1e-9 * Math.max(1, bar);
  let bestTotal = bar + eps;
  let best: number[] | null = null;
  let work = 0;
  const path: number[] = [];
  /** false when the budget ran out. */
  const search = (from: number, value: number): boolean => {
    const left = k - path.length;
    // The candidates still open (positions in `order` from `from` on that would add someone), their gains.
    const open: number[] = [];
    const gains: number[] = [];
    if (left > 0) {
      for (let i = from; i < order.length; i++) {
        const set = sets[order[i]] ?? EMPTY;
        work += set.length + 1;
        const g = gainOf(set, weights, covered);
        if (g > 0) {
          open.push(i);
          gains.push(g);
        }
      }
    }
    if (open.length === 0) {
      if (value > bestTotal) {
        bestTotal = value;
        best = [...path];
      }
      return true;
    }
    // bound[t]: value plus the `left` largest gains among open[t..], which no completion whose next
    // site is open[t] or later can beat. Built from the back, keeping the largest `left` in `top`.
    const bound = new Float64Array(open.length);
    const top: number[] = [];
    let topSum = 0;
    for (let t = open.length - 1; t >= 0; t--) {
      const g = gains[t];
      if (top.length < left || g > top[top.length - 1]) {
        let at = top.findIndex((x) => x < g);
        if (at < 0) at = top.length;
        top.splice(at, 0, g);
        topSum += g;
        if (top.length > left) topSum -= top.pop()!;
      }
      bound[t] = value + topSum;
    }
    work += open.length * (left + 1);
    if (work > budget) return false;
    for (let t = 0; t < open.length; t++) {
      if (bound[t] <= bestTotal) break;
      const set = sets[order[open[t]]] ?? EMPTY;
      path.push(order[open[t]]);
      addSite(set, covered, 1);
      const finished = search(open[t] + 1, value + gains[t]);
      addSite(set, covered, -1);
      path.pop();
      if (!finished) return false;
    }
    return true;
  };
  return search(0, 0) ? best : null;
}

/** People covered by a set of sites together. */
function gainTotal(sites: number[], sets: readonly (Int32Array | null)[], weights: Float64Array): number {
  const covered = new Int32Array(weights.length);
  let total = 0;
  for (const j of sites) {
    const set = sets[j] ?? EMPTY;
    total += gainOf(set, weights, covered);
    addSite(set, covered, 1);
  }
  return total;
}

/** Plain greedy: each round recomputes every candidate's gain and takes the best. The baseline maximalCover must match or beat. */
export function greedyCover(problem: CoverProblem): CoverResult {
  validate(problem);
  const { weights, sets, count } = problem;
  const covered = new Int32Array(weights.length);
  const isChosen = new Uint8Array(sets.length);
  const chosen: number[] = [];
  const gains: number[] = [];
  let total = 0;
  while (chosen.length < count) {
    let best = -1, bestGain = 0;
    for (let j = 0; j < sets.length; j++) {
      if (isChosen[j]) continue;
      const g = gainOf(sets[j] ?? EMPTY, weights, covered);
      if (g > bestGain) {
        best = j;
        bestGain = g;
      }
    }
    if (best < 0) break;
    isChosen[best] = 1;
    addSite(sets[best] ?? EMPTY, covered, 1);
    chosen.push(best);
    gains.push(bestGain);
    total += bestGain;
  }
  return { chosen, gains, total };
}

/**
 * The optimum by trying every combination of min(count, candidates) sites (the first best in lexicographic
 * order), for checking the heuristics on small instances. Refuses more than ten million combinations.
 */
export function exhaustiveCover(problem: CoverProblem): CoverResult {
  validate(problem);
  const { weights, sets } = problem;
  const n = sets.length;
  const k = Math.min(problem.count, n);
  let combinations = 1;
  for (let i = 0; i < k; i++) combinations = (combinations * (n - i)) / (i + 1);
  if (combinations > 1e7) throw new RangeError(`exhaustiveCover: ${Math.round(combinations)} combinations is too many`);

  const pick = Array.from({ length: k }, (_, i) => i);
  let best: number[] = [...pick];
  let bestTotal = -1;
  const mark = new Int32Array(weights.length);
  let stamp = 0;
  for (;;) {
    stamp++;
    let total = 0;
    for (const j of pick) {
      const set = sets[j] ?? EMPTY;
      for (let q = 0; q < set.length; q++) {
        if (mark[set[q]] === stamp) continue;
        mark[set[q]] = stamp;
        total += weights[set[q]];
      }
    }
    if (total > bestTotal) {
      bestTotal = total;
      best = [...pick];
    }
    // Next combination in lexicographic order.
    let i = k - 1;
    while (i >= 0 && pick[i] === n - k + i) i--;
    if (i < 0) break;
    pick[i]++;
    for (let q = i + 1; q < k; q++) pick[q] = pick[q - 1] + 1;
  }
  const gains: number[] = [];
  const covered = new Int32Array(weights.length);
  for (const j of best) {
    gains.push(gainOf(sets[j] ?? EMPTY, weights, covered));
    addSite(sets[j] ?? EMPTY, covered, 1);
  }
  return { chosen: best, gains, total: gains.reduce((a, b) => a + b, 0) };
}
