/** Command-line options shared by the scripts (`--name N`): whole numbers of at least 1. */
export function wholeNumberOption(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const parsed = Number(argv[at + 1]);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`--${name} must be a whole number ≥ 1, got ${argv[at + 1]}`);
  return parsed;
}
