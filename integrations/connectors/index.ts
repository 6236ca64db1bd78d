import type { ConnectorKind } from '../../server/connectors/types';
import { createLinkedInKind, type SocialKindOptions } from './social/linkedin/index';
import { createMetaKind } from './social/meta/index';
import { createStripeKind, type StripeKindOptions } from './stripe/index';

export interface ConnectorKindOptions {
  stripe?: StripeKindOptions;
  linkedin?: SocialKindOptions;
  meta?: SocialKindOptions;
}

/** Every data connector kind Parley ships, handed to the server at start-up (main.ts). */
export function createConnectorKinds(opts: ConnectorKindOptions = {}): ConnectorKind[] {
  return [createStripeKind(opts.stripe), createLinkedInKind(opts.linkedin), createMetaKind(opts.meta)];
}
