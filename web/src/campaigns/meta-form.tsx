import type { MetaAd, MetaCampaign } from '../../../tools/campaigns/model';
import { META_CALLS_TO_ACTION, META_OBJECTIVES, META_SPECIAL_AD_CATEGORIES } from './choices';
import { useT } from '../i18n/i18n';
import { insertAt, join, moveAt, newId, removeAt, setAt } from './campaign-ops';
import { useEditorApi } from './editor-context';
import { KIND } from './field-kinds';
import { BudgetInputs } from './shared-settings';
import { Group, Input, ItemActions, ListInput, Select, TextList } from './widgets';

function SpecialCategories() {
  const t = useT();
  const api = useEditorApi();
  const chosen = (api.campaign as MetaCampaign).specialAdCategories;
  return (
    <fieldset className="checks">
      <legend>{t('campaign.meta.specialCategories')}</legend>
      {META_SPECIAL_AD_CATEGORIES.map((cat) => (
        <label key={cat}>
          <input
            type="checkbox"
            checked={chosen.includes(cat)}
            disabled={api.readOnly}
            onChange={(e) => api.structural(t('campaign.meta.specialCategories'), (c) => setAt(c, '/specialAdCategories', e.target.checked ? [...chosen, cat] : chosen.filter((x) => x !== cat)))}
          />{' '}
          {cat}
        </label>
      ))}
    </fieldset>
  );
}

const newAd = (link: string): MetaAd => ({ id: newId('meta_ad'), name: 'New ad', primaryTexts: [], headlines: [], descriptions: [], callToAction: 'LEARN_MORE', link, status: 'paused' });

/** Meta: campaign (objective, special ad categories) → ad sets (budget, schedule, audience) → ads. */
export function MetaForm() {
  const t = useT();
  const api = useEditorApi();
  const c = api.campaign as MetaCampaign;
  return (
    <>
      <Group title={t('campaign.settings')} pointer="">
        <Input pointer="/name" label={t('campaign.name')} />
        <Select pointer="/objective" label={t('campaign.objective')} options={META_OBJECTIVES} />
        <SpecialCategories />
      </Group>
      {c.adSets.map((s, i) => {
        const p = `/adSets/${i}`;
        const name = t('campaign.meta.adSetShort', { n: i + 1 });
        return (
          <Group key={s.id} title={t('campaign.meta.adSet', { n: i + 1, name: s.name })} pointer={p} actions={<ItemActions name={name} index={i} count={c.adSets.length} onMove={(f, to) => api.structural(t('campaign.undo.moved', { name }), (x) => moveAt(x, '/adSets', f, to))} onRemove={() => api.structural(t('campaign.undo.removed', { name }), (x) => removeAt(x, '/adSets', i))} />}>
            <Input pointer={join(p, 'name')} label={t('campaign.meta.adSetName')} />
            <BudgetInputs pointer={join(p, 'dailyBudget')} label={t('campaign.dailyBudget')} />
            <div className="settings-row">
              <Input pointer={join(p, 'schedule', 'start')} label={t('campaign.meta.start')} type="date" />
              <Input pointer={join(p, 'schedule', 'end')} label={t('campaign.meta.end')} type="date" />
            </div>
            <ListInput pointer={join(p, 'audience', 'countries')} label={t('campaign.meta.countries')} />
            <div className="settings-row">
              <Input pointer={join(p, 'audience', 'ageMin')} label={t('campaign.meta.ageMin')} type="number" min={13} />
              <Input pointer={join(p, 'audience', 'ageMax')} label={t('campaign.meta.ageMax')} type="number" min={13} />
            </div>
            <ListInput pointer={join(p, 'audience', 'interests')} label={t('campaign.meta.interests')} />
            {s.ads.map((ad, j) => {
              const ap = join(p, 'ads', j);
              const adName = t('campaign.meta.ad', { n: j + 1 });
              return (
                <Group key={ad.id} title={adName} pointer={ap} actions={<ItemActions name={adName} index={j} count={s.ads.length} onMove={(f, to) => api.structural(t('campaign.undo.moved', { name: adName }), (x) => moveAt(x, join(p, 'ads'), f, to))} onRemove={() => api.structural(t('campaign.undo.removed', { name: adName }), (x) => removeAt(x, join(p, 'ads'), j))} />}>
                  <Input pointer={join(ap, 'name')} label={t('campaign.meta.adName')} />
                  <TextList pointer={join(ap, 'primaryTexts')} kind={KIND.primaryText} noun={t('campaign.meta.primaryText')} idPrefix={`${ad.id}_p`} />
                  <TextList pointer={join(ap, 'headlines')} kind={KIND.headline} noun={t('campaign.search.headline')} idPrefix={`${ad.id}_h`} />
                  <TextList pointer={join(ap, 'descriptions')} kind={KIND.description} noun={t('campaign.search.description')} idPrefix={`${ad.id}_d`} />
                  <Select pointer={join(ap, 'callToAction')} label={t('campaign.callToAction')} options={META_CALLS_TO_ACTION} />
                  <Input pointer={join(ap, 'link')} label={t('campaign.meta.link')} type="url" />
                  <Input pointer={join(ap, 'imageBrief')} label={t('campaign.imageBrief')} />
                </Group>
              );
            })}
            {!api.readOnly && (
              <button type="button" className="ghost small" onClick={() => api.structural(t('campaign.undo.added', { noun: t('campaign.meta.adNoun') }), (x) => insertAt(x, join(p, 'ads'), s.ads.length, newAd(s.ads[0]?.link ?? '')))}>
                {t('campaign.add', { noun: t('campaign.meta.adNoun') })}
              </button>
            )}
          </Group>
        );
      })}
    </>
  );
}
