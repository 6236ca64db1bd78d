/** Who is asking. Until sign-in arrives, web requests act as the local workspace's local user. */
export interface Identity {
  workspaceId: string;
  userId: string;
}

export const LOCAL_IDENTITY: Identity = { workspaceId: 'local', userId: 'local' };
