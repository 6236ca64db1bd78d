import type { LinkedInCampaign, LinkedInCampaignGroup, LinkedInImageAd, LinkedInTextAd } from '../../../tools/campaigns/model';
import { LINKEDIN_CALLS_TO_ACTION, LINKEDIN_OBJECTIVES } from './choices';
import { useT } from '../i18n/i18n';
import { insertAt, join, moveAt, newId, removeAt } from './campaign-ops';
import { useEditorApi } from './editor-context';
import { KIND } from './field-kinds';
import { BudgetInputs } from './shared-settings';
import { Group, Input, ItemActions, ListInput, Select, TextField } from './widgets';

const FACETS = ['locations', 'titles', 'industries', 'seniorities', 'functions', 'skills', 'staffCounts', 'companies'] as const;

function newAd(format: LinkedInCampaign['format'], url: string): LinkedInImageAd | LinkedInTextAd {
  const id = newId('li_ad');
  return format === 'text'
    ? { id, format: 'text', name: 'New ad', headline: { id: `${id}_h`, text: '' }, description: { id: `${id}_d`, text: '' }, destinationUrl: url, status: 'paused' }
    : { id, format: 'single_image', name: 'New ad', introText: { id: `${id}_i`, text: '' }, headline: { id: `${id}_h`, text: '' }, destinationUrl: url, callToAction: 'LEARN_MORE', status: 'paused' };
}

function Ad({ pointer, index, count }: { pointer: string; index: number; count: number }) {
  const t = useT();
  const api = useEditorApi();
  const list = pointer.replace(/\/\d+$/, '');
  const ad = (api.campaign as LinkedInCampaignGroup).campaigns[Number(pointer.split('/')[2])].ads[index];
  const name = t('campaign.linkedin.ad', { n: index + 1 });
  return (
    <Group title={name} pointer={pointer} actions={<ItemActions name={name} index={index} count={count} onMove={(f, to) => api.structural(t('campaign.undo.moved', { name }), (x) => moveAt(x, list, f, to))} onRemove={() => api.structural(t('campaign.undo.removed', { name }), (x) => removeAt(x, list, index))} />}>
      <Input pointer={join(pointer, 'name')} label={t('campaign.linkedin.adName')} />
      {ad.format === 'single_image' ? (
        <>
          <TextField pointer={join(pointer, 'introText')} kind={KIND.introText} label={t('campaign.linkedin.introText')} />
          <TextField pointer={join(pointer, 'headline')} kind={KIND.headline} label={t('campaign.linkedin.headline')} />
          <TextField pointer={join(pointer, 'description')} kind={KIND.description} label={t('campaign.linkedin.description')} />
          <Select pointer={join(pointer, 'callToAction')} label={t('campaign.callToAction')} options={LINKEDIN_CALLS_TO_ACTION} />
          <Input pointer={join(pointer, 'imageBrief')} label={t('campaign.imageBrief')} />
        </>
      ) : (
        <>
          <TextField pointer={join(pointer, 'headline')} kind={KIND.textAdHeadline} label={t('campaign.linkedin.headline')} />
          <TextField pointer={join(pointer, 'description')} kind={KIND.textAdDescription} label={t('campaign.linkedin.description')} />
        </>
      )}
      <Input pointer={join(pointer, 'destinationUrl')} label={t('campaign.linkedin.destinationUrl')} type="url" />
    </Group>
  );
}

/** LinkedIn: campaign group → campaigns (objective, targeting, budget) → ads. */
export function LinkedInForm() {
  const t = useT();
  const api = useEditorApi();
  const g = api.campaign as LinkedInCampaignGroup;
  return (
    <>
      <Group title={t('campaign.linkedin.group')} pointer="">
        <Input pointer="/name" label={t('campaign.linkedin.groupName')} />
        {g.totalBudget && <BudgetInputs pointer="/totalBudget" label={t('campaign.linkedin.totalBudget')} />}
      </Group>
      {g.campaigns.map((c, i) => {
        const p = `/campaigns/${i}`;
        const name = t('campaign.linkedin.campaignShort', { n: i + 1 });
        return (
          <Group key={c.id} title={t('campaign.linkedin.campaign', { n: i + 1, name: c.name })} pointer={p} actions={<ItemActions name={name} index={i} count={g.campaigns.length} onMove={(f, to) => api.structural(t('campaign.undo.moved', { name }), (x) => moveAt(x, '/campaigns', f, to))} onRemove={() => api.structural(t('campaign.undo.removed', { name }), (x) => removeAt(x, '/campaigns', i))} />}>
            <Input pointer={join(p, 'name')} label={t('campaign.linkedin.campaignName')} />
            <Select pointer={join(p, 'objective')} label={t('campaign.objective')} options={LINKEDIN_OBJECTIVES} />
            <p className="muted small-text">{t('campaign.linkedin.format', { format: c.format })}</p>
            <BudgetInputs pointer={join(p, 'dailyBudget')} label={t('campaign.dailyBudget')} />
            {FACETS.map((f) => (
              <ListInput key={f} pointer={join(p, 'targeting', f)} label={t(`campaign.linkedin.facet.${f}`)} />
            ))}
            {c.ads.map((ad, j) => (
              <Ad key={ad.id} pointer={join(p, 'ads', j)} index={j} count={c.ads.length} />
            ))}
            {!api.readOnly && (
              <button type="button" className="ghost small" onClick={() => api.structural(t('campaign.undo.added', { noun: t('campaign.linkedin.adNoun') }), (x) => insertAt(x, join(p, 'ads'), c.ads.length, newAd(c.format, c.ads[0]?.destinationUrl ?? '')))}>
                {t('campaign.add', { noun: t('campaign.linkedin.adNoun') })}
              </button>
            )}
          </Group>
        );
      })}
    </>
  );
}
