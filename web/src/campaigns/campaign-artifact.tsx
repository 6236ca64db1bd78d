import type { CampaignArtifactData } from '../../../tools/campaigns/model';
import { useLocale, useT } from '../i18n/i18n';
import { openPath } from '../lib/route';
import { summarize } from './campaign-summary';

/** A campaign draft in the chat: a compact card, and the way into the editor. */
export function CampaignArtifact({ id, data }: { id: string; data: CampaignArtifactData }) {
  const t = useT();
  const locale = useLocale();
  const facts = summarize(data.campaign, data.findings);
  const money = facts.budget ? new Intl.NumberFormat(locale, { style: 'currency', currency: facts.budget.currency }).format(facts.budget.amount) : null;
  const href = data.editorPath || `/campaigns/${encodeURIComponent(data.campaignId)}`;
  return (
    <section className="artifact campaign-card" data-artifact-kind="campaign" data-artifact-id={id} aria-label={t('campaign.card.label', { name: data.campaign.name })}>
      <header>
        <strong>{data.campaign.name}</strong> <span className="badge">{t(`campaign.platform.${data.campaign.platform}`)}</span> <span className="muted small-text">{t('campaign.versions.version', { version: data.version })}</span>
      </header>
      <dl className="campaign-facts">
        {money && (
          <>
            <dt>{t(facts.budgetKind === 'total' ? 'campaign.card.totalBudget' : 'campaign.card.dailyBudget')}</dt>
            <dd>{money}</dd>
          </>
        )}
        <dt>{t('campaign.card.structure')}</dt>
        <dd>{t(`campaign.card.counts.${data.campaign.platform}`, { groups: facts.counts.groups, ads: facts.counts.ads, keywords: facts.counts.keywords })}</dd>
        <dt>{t('campaign.card.checks')}</dt>
        <dd className={facts.errors ? 'error-text' : ''} data-errors={facts.errors}>
          {facts.errors || facts.warnings ? t('campaign.checks', { errors: facts.errors, warnings: facts.warnings }) : t('campaign.checksPassed')}
        </dd>
      </dl>
      {facts.headlines.length > 0 && (
        <ul className="campaign-headlines">
          {facts.headlines.map((h, i) => (
            <li key={i}>{h}</li>
          ))}
        </ul>
      )}
      {data.grounding.author === 'template' && <p className="muted small-text">{t('campaign.grounding.template')}</p>}
      <a
        className="button-link"
        href={href}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          openPath(href);
        }}
      >
        {t('campaign.card.open')}
      </a>
    </section>
  );
}
