import type { GooglePmaxCampaign, PmaxAssetGroup } from '../../../tools/campaigns/model';
import { PMAX_CALLS_TO_ACTION } from './choices';
import { useT } from '../i18n/i18n';
import { insertAt, join, moveAt, newId, removeAt } from './campaign-ops';
import { useEditorApi } from './editor-context';
import { KIND } from './field-kinds';
import { BudgetInputs } from './shared-settings';
import { Group, Input, ItemActions, ListInput, Select, StringField, TextField, TextList } from './widgets';

/** Google Performance Max: campaign settings and asset groups of headlines, long headlines, descriptions. */
export function PmaxForm() {
  const t = useT();
  const api = useEditorApi();
  const c = api.campaign as GooglePmaxCampaign;
  return (
    <>
      <Group title={t('campaign.settings')} pointer="">
        <Input pointer="/name" label={t('campaign.name')} />
        <BudgetInputs pointer="/dailyBudget" label={t('campaign.dailyBudget')} />
        <Select pointer="/bidding/strategy" label={t('campaign.bidding')} options={['MAXIMIZE_CONVERSIONS', 'MAXIMIZE_CONVERSION_VALUE'] as const} />
        <ListInput pointer="/languages" label={t('campaign.languages')} />
        <ListInput pointer="/locations" label={t('campaign.locations')} />
      </Group>
      {c.assetGroups.map((g, i) => {
        const p = `/assetGroups/${i}`;
        const name = t('campaign.pmax.assetGroupShort', { n: i + 1 });
        return (
          <Group
            key={g.id}
            title={t('campaign.pmax.assetGroup', { n: i + 1, name: g.name })}
            pointer={p}
            actions={<ItemActions name={name} index={i} count={c.assetGroups.length} onMove={(f, to) => api.structural(t('campaign.undo.moved', { name }), (x) => moveAt(x, '/assetGroups', f, to))} onRemove={() => api.structural(t('campaign.undo.removed', { name }), (x) => removeAt(x, '/assetGroups', i))} />}
          >
            <Input pointer={join(p, 'name')} label={t('campaign.pmax.name')} />
            <TextList pointer={join(p, 'headlines')} kind={KIND.headline} noun={t('campaign.search.headline')} idPrefix={`${g.id}_h`} />
            <TextList pointer={join(p, 'longHeadlines')} kind={KIND.longHeadline} noun={t('campaign.pmax.longHeadline')} idPrefix={`${g.id}_lh`} />
            <TextList pointer={join(p, 'descriptions')} kind={KIND.description} noun={t('campaign.search.description')} idPrefix={`${g.id}_d`} />
            <TextField pointer={join(p, 'businessName')} kind={KIND.businessName} label={t('campaign.pmax.businessName')} />
            <Select pointer={join(p, 'callToAction')} label={t('campaign.callToAction')} options={PMAX_CALLS_TO_ACTION} />
            <div className="settings-row">
              <StringField pointer={join(p, 'path1')} kind={KIND.path} label={t('campaign.path1')} />
              <StringField pointer={join(p, 'path2')} kind={KIND.path} label={t('campaign.path2')} />
            </div>
            <Input pointer={join(p, 'finalUrl')} label={t('campaign.finalUrl')} type="url" />
          </Group>
        );
      })}
      {!api.readOnly && (
        <button
          type="button"
          className="ghost"
          onClick={() => {
            const first = c.assetGroups[0];
            const group: PmaxAssetGroup = { id: newId('asg'), name: t('campaign.pmax.newAssetGroup'), status: 'paused', finalUrl: first?.finalUrl ?? '', headlines: [], longHeadlines: [], descriptions: [], businessName: { id: newId('bn'), text: first?.businessName.text ?? '' }, callToAction: 'AUTOMATED' };
            api.structural(t('campaign.undo.added', { noun: t('campaign.pmax.assetGroupNoun') }), (x) => insertAt(x, '/assetGroups', c.assetGroups.length, group));
          }}
        >
          {t('campaign.add', { noun: t('campaign.pmax.assetGroupNoun') })}
        </button>
      )}
    </>
  );
}
