/** How an assignee is named in the inbox and the thread: "You", their name, or "Unassigned". */
export function assigneeLabel(
  assigneeId: string | null,
  me: string | null,
  names: ReadonlyMap<string, string>,
): string {
  if (assigneeId === null) return 'Unassigned';
  if (assigneeId === me) return 'You';
  // Someone no longer listed (just removed, or the list is still loading).
  return names.get(assigneeId) ?? 'Another agent';
}

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
export function listOfNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
