import { GroqChatModel } from '../../agent/models/groq-chat-model';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { PromptRegistry } from '../../prompts/registry';
import { createLlmSqlWriter } from '../../tools/query-data/llm-sql-writer';
import { createLlmCampaignWriter } from '../../tools/campaigns/draft/campaign-writer';
import type { ToolDeps } from '../../tools/index';
import type { SqlLimits } from '../../tools/sql/run-guarded';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { loadSecretKey } from '../secrets';
import type { Store } from '../store/store';
import { createCatalogIndex } from './catalog-index';
import { createHttpEmbedder, createLocalEmbedder, type Embedder } from './embeddings';
import { parseHostAllowList } from './datasource-hosts';
import { createDemoWarehouse, type DemoWarehouse } from './demo-warehouse';
import { createDatasourceRegistry } from './registry';
import { join } from 'node:path';

export function sqlLimitsFrom(config: Config): SqlLimits {
  return { timeoutMs: config.env.SQL_STATEMENT_TIMEOUT_MS, maxRowsUi: config.env.SQL_MAX_ROWS_UI, maxRowsModel: config.env.SQL_MAX_ROWS_MODEL };
}

/** What the tools need from the configuration: the SQL writer (Groq when a key is set, the offline parser otherwise) and the limits. */
export function toolDepsFrom(config: Config, prompts?: PromptRegistry): ToolDeps {
  const limits = sqlLimitsFrom(config);
  if (!config.model.groqApiKey || !prompts) return { sqlLimits: limits };
  const model = new GroqChatModel({ apiKey: config.model.groqApiKey, baseURL: config.model.groqBaseUrl, model: config.model.model, maxRetries: config.model.maxRetries, temperature: 0 });
  const complete = async (system: string, user: string, signal?: AbortSignal) => {
    const m = await model.invoke([new SystemMessage(system), new HumanMessage(user)], { signal });
    return typeof m.content === 'string' ? m.content : m.content.map((p) => ('text' in p ? p.text : '')).join('');
  };
  const sqlWriter = createLlmSqlWriter({ prompts, complete });
  const campaignWriter = createLlmCampaignWriter({ prompts, complete });
  return { sqlWriter, sqlLimits: limits, campaignWriter };
}

export function embedderFrom(config: Config): Embedder {
  const { EMBEDDINGS_BASE_URL, EMBEDDINGS_MODEL, EMBEDDINGS_API_KEY } = config.env;
  return EMBEDDINGS_BASE_URL && EMBEDDINGS_MODEL ? createHttpEmbedder({ baseUrl: EMBEDDINGS_BASE_URL, model: EMBEDDINGS_MODEL, apiKey: EMBEDDINGS_API_KEY }) : createLocalEmbedder();
}

/** The demo warehouse of this data folder: `<PARLEY_DATA_DIR>/demo`, in its own process, started on first use. */
export function demoWarehouseFrom(config: Config, log: Logger): DemoWarehouse {
  return createDemoWarehouse({ dir: join(config.dataDir, 'demo'), log, defaultTimeoutMs: config.env.SQL_STATEMENT_TIMEOUT_MS });
}

/**
 * The datasource registry for a running Parley: demo warehouse + connected Postgres, catalog in
 * pgvector. A `shared` demo warehouse (several Parleys on one data folder, as the evals run) is
 * left running on close; otherwise the registry's own is closed with it.
 */
export function createDatasources(config: Config, store: Store, log: Logger, shared?: DemoWarehouse) {
  const index = createCatalogIndex({ pool: store.db.pool, embedder: embedderFrom(config) });
  const demo = shared ?? demoWarehouseFrom(config, log);
  const registry = createDatasourceRegistry({ store, key: loadSecretKey(config), index, log, demo, allowHosts: parseHostAllowList(config.env.PARLEY_DATASOURCE_HOSTS) });
  return {
    ...registry,
    async close() {
      await registry.close();
      if (!shared) await demo.close();
    },
  };
}
