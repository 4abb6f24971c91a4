/** A validation error (zod's, or any with the same shape) as one line a person can act on: "path: message; ...". */
export function describeIssues(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  opts: { root?: string; separator?: string; limit?: number; indent?: string } = {},
): string {
  const { root = '(root)', separator = '; ', limit = Number.POSITIVE_INFINITY, indent = '' } = opts;
  return error.issues
    .slice(0, limit)
    .map((i) => `${indent}${i.path.map(String).join('.') || root}: ${i.message}`)
    .join(separator);
}
