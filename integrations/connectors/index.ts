import type { ConnectorKind } from '../../server/connectors/types';
import { createStripeKind, type StripeKindOptions } from './stripe/index';

export interface ConnectorKindOptions {
  stripe?: StripeKindOptions;
}

/** Every data connector kind Parley ships, handed to the server at start-up (main.ts). */
export function createConnectorKinds(opts: ConnectorKindOptions = {}): ConnectorKind[] {
  return [createStripeKind(opts.stripe)];
}
