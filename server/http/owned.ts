import type { Identity } from '../identity';

/** Whether something of a conversation (an artifact, an image of it) is the caller's to see: their workspace and their own conversation. */
export function visibleTo(thing: { workspaceId: string; userId: string }, who: Identity): boolean {
  return thing.workspaceId === who.workspaceId && thing.userId === who.userId;
}
