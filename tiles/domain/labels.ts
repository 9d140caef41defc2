/**
 * The shape of the shared vocabulary: every term the product shows has a Chinese and an English label,
 * and the terms a map draws have a colour. Dependency-free: api, tiles, seed and web all import it.
 */

export type Lang = 'zh' | 'en';
export type Rgb = [number, number, number];

export interface Label {
  zh: string;
  en: string;
}

/** A term of a closed vocabulary (a status, a kind) with its colour on the map. */
export interface Term extends Label {
  color: Rgb;
}

/** One row of a map legend: the value of a feature property and what it is called and coloured. */
export interface LegendItem extends Term {
  value: string;
}

/** A legend in the vocabulary's own order, from a record of terms keyed by value. */
export function legendOf<K extends string>(terms: Record<K, Term>, keys: readonly K[] = Object.keys(terms) as K[]): LegendItem[] {
  return keys.map((value) => ({ value, zh: terms[value].zh, en: terms[value].en, color: terms[value].color }));
}

/** The label of a vocabulary value, or the value itself when the vocabulary does not know it. */
export function labelOf(terms: Partial<Record<string, Label>>, value: string, lang: Lang): string {
  return terms[value]?.[lang] ?? value;
}
