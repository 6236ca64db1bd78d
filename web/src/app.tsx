import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { can } from './auth/permissions';
import { useCan, useSession } from './auth/session-context';
import { UserMenu } from './auth/user-menu';
import { COMMANDS, type CompletionItem } from './composer/autocomplete';
import { Composer } from './composer/composer';
import { DatasourceNotice, DatasourcePicker } from './components/datasource-picker';
import { EmptyState } from './components/empty-state';
import { Icon } from './components/icons';
import { MessageList } from './components/message-list';
import { OfflineBanner } from './components/offline-banner';
import { RateLimitNotice, rateLimitFrom, type RateLimit } from './components/rate-limit-notice';
import { preloadMarkdown } from './components/rich-text';
import { Sidebar } from './components/sidebar';
import { ThemeToggle } from './components/theme-toggle';
import { useConversation, type SendRefusal } from './hooks/use-conversation';
import { useConversations } from './hooks/use-conversations';
import { drafts } from './hooks/use-draft';
import { useFetch } from './hooks/use-fetch';
import { useOnline } from './hooks/use-online';
import { useRoute } from './hooks/use-route';
import { useSocket } from './hooks/use-socket';
import { useTheme } from './hooks/use-theme';
import { useT } from './i18n/i18n';
import { onApiFailure } from './lib/api';
import { MembersPage } from './members/members-page';
import { ConnectionsPage } from './connections/connections-page';
import type { DatasourceInfo } from './state/types';

// The campaign pages (the editor is large) and the brand kit load when first opened, not with the chat.
const CampaignEditor = lazy(() => import('./campaigns/campaign-editor').then((m) => ({ default: m.CampaignEditor })));
const CampaignList = lazy(() => import('./campaigns/campaign-list').then((m) => ({ default: m.CampaignList })));
const BrandPage = lazy(() => import('./brand/brand-page').then((m) => ({ default: m.BrandPage })));

/** The `/sql` command is for roles that may run SQL; the others are for everyone. */
const SQL_COMMANDS = new Set(['/sql']);

export function App() {
  const t = useT();
  const { theme, toggle } = useTheme();
  const session = useSession();
  const role = session.me.user.role;
  // Viewers ask and read; files come from analysts and admins (the server refuses the same).
  const mayUpload = useCan('upload');
  const { socket, connected } = useSocket({ onAuthRequired: session.expire });
  const online = useOnline();
  const route = useRoute();
  const list = useConversations();
  const datasources = useFetch<DatasourceInfo[]>('/datasources', session.renewals);
  /** A message the server refused for now (rate limit): Send waits for the countdown. */
  const [sendLimit, setSendLimit] = useState<RateLimit | null>(null);
  /** Any other request over a rate limit. */
  const [apiLimit, setApiLimit] = useState<RateLimit | null>(null);
  /** Bumped to put a refused message back into the composer. */
  const [restored, setRestored] = useState(0);
  // Sign-in attempts (the expired-session form) show their own throttling.
  useEffect(() => onApiFailure((e, path) => e.rateLimited && !path.startsWith('/auth/') && setApiLimit(rateLimitFrom(e.message, e.retryAfterSeconds))), []);
  const [newDatasource, setNewDatasource] = useState<string | null>(null);
  const [datasourceOverride, setDatasourceOverride] = useState<{ id: string; name: string | null } | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [everConnected, setEverConnected] = useState(false);
  useEffect(() => void (connected && setEverConnected(true)), [connected]);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setMenuOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const chat = useConversation({
    socket,
    connected,
    conversationId: route.conversationId,
    datasource: newDatasource,
    onCreated: useCallback((id: string) => {
      drafts.set(id, '');
      drafts.set(null, '');
      route.navigate(id, { replace: true });
      list.refresh();
    }, [route.navigate, list.refresh]), // eslint-disable-line react-hooks/exhaustive-deps
    onActivity: list.refresh,
    onSendRefused: useCallback(
      (r: SendRefusal) => {
        const current = drafts.get(r.conversationId);
        drafts.set(r.conversationId, current.trim() ? `${r.text}\n${current}` : r.text);
        setRestored((n) => n + 1);
        if (r.error.code === 'rate_limited') setSendLimit(rateLimitFrom(r.error.message, r.error.retryAfterSeconds));
        else session.expire();
      },
      [session.expire], // eslint-disable-line react-hooks/exhaustive-deps
    ),
  });

  // The session was renewed after it expired: reconnect (a refused socket does not retry by
  // itself) and load again what failed meanwhile. The conversation on screen stays.
  const chatRef = useRef(chat);
  chatRef.current = chat;
  useEffect(() => {
    if (session.renewals === 0) return;
    if (socket && !socket.connected) socket.connect();
    list.refresh();
    if (chatRef.current.loadError) chatRef.current.reload();
  }, [session.renewals]); // eslint-disable-line react-hooks/exhaustive-deps

  const id = route.conversationId;
  // A conversation's history is Markdown: fetch the renderer alongside it, not after it.
  useEffect(() => void (id && preloadMarkdown()), [id]);
  const datasource = id === null ? newDatasource : datasourceOverride?.id === id ? datasourceOverride.name : (chat.history?.conversation.datasource ?? list.items.find((c) => c.id === id)?.datasource ?? null);
  const current = list.items.find((c) => c.id === id);
  const membersPage = route.page === 'members' && can(role, 'members');
  // Every member may read the connections; only admins see the controls on it.
  const connectionsPage = route.page === 'connections';
  const campaignsPage = route.page === 'campaigns' && can(role, 'campaigns');
  const campaignPage = route.page === 'campaign' && route.campaignId !== null && can(role, 'campaigns');
  const brandPage = route.page === 'brand' && can(role, 'brand');
  const otherPage = membersPage || connectionsPage || campaignsPage || campaignPage || brandPage;
  // A page's way back leads to the conversation left for it.
  const lastChat = useRef<string | null>(null);
  if (!otherPage) lastChat.current = id;
  const pageTitle = membersPage ? t('members.title') : connectionsPage ? t('connections.title') : campaignsPage || campaignPage ? t('campaign.list.title') : brandPage ? t('brand.title') : null;
  const title = pageTitle ?? (id === null ? t('sidebar.new') : (current?.title ?? chat.history?.conversation.title ?? ''));
  useEffect(() => {
    document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
  }, [title, t]);

  const changeDatasource = async (name: string | null) => {
    if (id === null) return setNewDatasource(name);
    setDatasourceOverride({ id, name });
    await list.setDatasource(id, name).catch(() => setDatasourceOverride(null));
  };

  const mentions: CompletionItem[] = useMemo(
    () => (datasources.status === 'ok' ? datasources.data.map((d) => ({ insert: `@${d.name.replace(/\s+/g, '-')}`, label: `@${d.name}`, detail: { text: `${t('mention.datasource')} · ${d.kind}` } })) : []),
    [datasources, t],
  );

  const commands = useMemo(() => COMMANDS.filter((c) => !SQL_COMMANDS.has(c.insert) || can(role, 'sql')), [role]);

  const open = (target: string | null) => {
    setMenuOpen(false);
    route.navigate(target);
  };
  const actions = useMemo(() => ({ onRegenerate: chat.regenerate, onEdit: chat.send, onRetrySend: chat.retrySend }), [chat.regenerate, chat.send, chat.retrySend]);
  const offline = everConnected && (!connected || !online);

  return (
    <div className={`app ${menuOpen ? 'menu-open' : ''}`}>
      <a className="skip-link" href="#chat">
        {t('app.skip')}
      </a>
      <aside id="sidebar" className="sidebar-wrap">
        <div className="brand">
          <span className="logo" aria-hidden="true">◆</span> {t('app.name')}
        </div>
        <Sidebar
          items={list.items}
          currentId={id}
          query={list.query}
          loaded={list.loaded}
          error={list.error}
          onQuery={list.setQuery}
          onOpen={open}
          onRename={list.rename}
          onDelete={async (target) => {
            await list.remove(target);
            drafts.set(target, '');
            if (target === id) route.navigate(null);
          }}
        />
      </aside>
      {menuOpen && <div className="scrim" onClick={() => setMenuOpen(false)} aria-hidden="true" />}
      <main id="chat" className="chat" tabIndex={-1}>
        <header className="topbar">
          <button type="button" className="icon menu-button" aria-controls="sidebar" aria-expanded={menuOpen} aria-label={menuOpen ? t('sidebar.close') : t('sidebar.open')} onClick={() => setMenuOpen((v) => !v)}>
            <Icon name="menu" size={18} />
          </button>
          <h1 className="conversation-heading">{title}</h1>
          <DatasourcePicker value={datasource} list={datasources} onChange={changeDatasource} />
          <ThemeToggle theme={theme} onToggle={toggle} />
          <UserMenu onMembers={() => route.openPage('members')} onConnections={() => route.openPage('connections')} onCampaigns={() => route.openPage('campaigns')} onBrand={() => route.openPage('brand')} />
        </header>
        {offline && <OfflineBanner />}
        <DatasourceNotice list={datasources} />
        {membersPage ? (
          <MembersPage onBack={() => route.navigate(lastChat.current)} />
        ) : connectionsPage ? (
          <ConnectionsPage onBack={() => route.navigate(lastChat.current)} />
        ) : otherPage ? (
          <div className="scroll">
            <Suspense fallback={<p className="column muted">{t('campaign.loading')}</p>}>
              {campaignPage && <CampaignEditor key={route.campaignId} id={route.campaignId!} onBack={() => route.openPage('campaigns')} />}
              {campaignsPage && <CampaignList onBack={() => route.navigate(lastChat.current)} />}
              {brandPage && <BrandPage onBack={() => route.navigate(lastChat.current)} readOnly={!can(role, 'editBrand')} />}
            </Suspense>
          </div>
        ) : (
          <>
            <div className="scroll">
              <div className="column">
                {chat.loadError && (
                  <div className="notice error" role="alert">
                    {t('message.loadFailed', { message: chat.loadError.message || t('error.network') })}
                    <button type="button" className="ghost small" onClick={chat.reload}>
                      {t('message.retry')}
                    </button>
                  </div>
                )}
                {id === null && chat.state.messages.length === 0 ? (
                  <EmptyState datasource={datasource} onAsk={chat.send} />
                ) : (
                  <MessageList messages={chat.state.messages} streaming={chat.streaming} actions={actions} />
                )}
              </div>
            </div>
            <div className="column composer-wrap">
              {apiLimit && <RateLimitNotice limit={apiLimit} onDone={() => setApiLimit(null)} />}
              {sendLimit && <RateLimitNotice limit={sendLimit} onDone={() => setSendLimit(null)} />}
              <Composer
                draftKey={`${id ?? 'new'}#${restored}`}
                initialText={drafts.get(id)}
                mentions={mentions}
                commands={commands}
                streaming={chat.streaming}
                disabled={!connected || sendLimit?.until != null}
                onDraftChange={(text) => drafts.set(id, text)}
                onSend={chat.send}
                canAttach={mayUpload}
                onStop={chat.stop}
              />
            </div>
          </>
        )}
      </main>
    </div>
  );
}
