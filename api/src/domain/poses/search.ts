/* Looking poses up: by id, and by category, text, tags, difficulty and suitability. */
import { POSES } from './library';
import type { Pose, PoseCategoryId, PoseDifficulty, PoseSuitability } from './types';

const BY_ID = new Map(POSES.map((p) => [p.id, p]));

export function findPose(id: string): Pose | undefined {
  return BY_ID.get(id);
}

export interface PoseQuery {
  category?: PoseCategoryId | string;
  /** Words matched (case-insensitively, all of them) against the name, tags and description. */
  q?: string;
  /** Every tag must be present (case-insensitive). */
  tags?: readonly string[];
  difficulty?: PoseDifficulty | string;
  /** Every value must be among the pose's suitability. */
  suitability?: PoseSuitability | string | readonly (PoseSuitability | string)[];
}

const haystack = new Map(POSES.map((p) => [p.id, [p.name, ...p.tags, p.description].join(' \u0000 ').toLowerCase()]));

/** The library poses matching every given criterion, in library order. */
export function searchPoses(query: PoseQuery = {}): Pose[] {
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const tags = (query.tags ?? []).map((t) => t.toLowerCase());
  const suits = query.suitability === undefined ? [] : typeof query.suitability === 'string' ? [query.suitability] : [...query.suitability];
  return POSES.filter(
    (p) =>
      (!query.category || p.category === query.category) &&
      (!query.difficulty || p.difficulty === query.difficulty) &&
      suits.every((s) => (p.suitability as readonly string[]).includes(s)) &&
      tags.every((t) => p.tags.some((pt) => pt.toLowerCase() === t)) &&
      words.every((w) => haystack.get(p.id)!.includes(w)),
  );
}
