import type { ChartArtifactData } from '../../tools/artifacts';
import { ChartView } from './artifacts/chart-view';
import { Composer } from './Composer';
import { useChat } from './use-chat';

export function App() {
  const chat = useChat();
  return (
    <div className="app">
      <header>
        <h1>Parley</h1>
        {!chat.connected && <span className="offline" role="status">Reconnecting…</span>}
      </header>
      <main className="messages" aria-live="polite">
        {chat.messages.length === 0 && <p className="empty">Ask a question about your business data, for example “What data can I ask about?”</p>}
        {chat.messages.map((m) => (
          <article key={m.id} className={`message ${m.role} ${m.status}`} data-role={m.role} data-status={m.status}>
            {m.tools.length > 0 && (
              <ul className="tools">
                {m.tools.map((t) => (
                  <li key={t.callId} data-state={t.state}>
                    {t.state === 'running' ? '⏳' : t.state === 'done' ? '✓' : '✗'} {t.name}
                    {t.summary ? ` — ${t.summary}` : ''}
                  </li>
                ))}
              </ul>
            )}
            <div className="text">{m.text}</div>
            {m.artifacts?.map((a) =>
              a.kind === 'chart' ? (
                <ChartView key={a.id} id={a.id} data={a.data as ChartArtifactData} />
              ) : (
                <div key={a.id} className="note" data-artifact-kind={a.kind}>
                  {a.kind}: {a.title ?? a.id}
                </div>
              ),
            )}
            {m.status === 'streaming' && !m.text && <div className="thinking">Thinking…</div>}
            {m.error && <div className="error" role="alert">{m.error}</div>}
            {m.status === 'cancelled' && <div className="note">Stopped.</div>}
          </article>
        ))}
      </main>
      <Composer disabled={!chat.connected} streaming={chat.streaming} onSend={chat.send} onStop={chat.cancel} />
    </div>
  );
}
