import { SEMVER_PATTERN } from './definition-schema';

export function parseSemver(version: string): [number, number, number] | null {
  const m = SEMVER_PATTERN.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Negative when a < b, positive when a > b, 0 when equal. Invalid versions sort first. */
export function compareSemver(a: string, b: string): number {
  const pa = parseSemver(a) ?? [-1, -1, -1];
  const pb = parseSemver(b) ?? [-1, -1, -1];
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Scores from versions of different majors are not comparable: trends break there. */
export function sameMajor(a: string, b: string): boolean {
  return parseSemver(a)?.[0] === parseSemver(b)?.[0];
}
