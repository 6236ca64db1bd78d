import type { GoogleAdGroup, GoogleSearchCampaign, Keyword, ResponsiveSearchAd } from '../../../tools/campaigns/model';
import { GOOGLE_BIDDING_STRATEGIES, KEYWORD_MATCH_TYPES } from './choices';
import { useT } from '../i18n/i18n';
import { getAt, insertAt, join, moveAt, newId, removeAt, setAt } from './campaign-ops';
import { CopyField } from './copy-field';
import { domId, findingsAt, useEditorApi } from './editor-context';
import { KIND } from './field-kinds';
import { BudgetInputs } from './shared-settings';
import { Group, GroupFindings, Input, ItemActions, ListInput, Select, StringField, TextList } from './widgets';

/** Keywords (or negatives) of a campaign or an ad group: text, match type, add/remove/reorder. */
function KeywordList({ pointer, negative }: { pointer: string; negative?: boolean }) {
  const t = useT();
  const api = useEditorApi();
  const items = getAt<Keyword[] | undefined>(api.campaign, pointer) ?? [];
  const noun = t(negative ? 'campaign.negativeKeyword' : 'campaign.keyword');
  const move = (from: number, to: number) => api.structural(t('campaign.undo.moved', { name: `${noun} ${from + 1}` }), (c) => moveAt(c, pointer, from, to));
  return (
    <fieldset className="text-list keyword-list">
      <legend>{t('campaign.listOf', { noun, count: items.length })}</legend>
      <ol>
        {items.map((k, i) => {
          const name = `${noun} ${i + 1}`;
          const at = join(pointer, i);
          return (
            <li key={k.id} data-text-id={k.id}>
              <CopyField id={domId(`${at}-${k.id}`)} label={name} value={k.text} limit={api.limits[negative ? KIND.negativeKeyword : KIND.keyword]} findings={findingsAt(api.findings, at, k.id)} readOnly={api.readOnly} onChange={(text) => api.edit(join(at, 'text'), text)} onMove={(d) => move(i, i + d)} />
              <span className="item-controls">
                <select aria-label={t('campaign.matchOf', { name })} value={k.match} disabled={api.readOnly} onChange={(e) => api.structural(t('campaign.undo.match', { name }), (c) => setAt(c, join(at, 'match'), e.target.value))}>
                  {KEYWORD_MATCH_TYPES.map((m) => (
                    <option key={m} value={m}>
                      {t(`campaign.match.${m}`)}
                    </option>
                  ))}
                </select>
                <ItemActions name={name} index={i} count={items.length} onMove={move} onRemove={() => api.structural(t('campaign.undo.removed', { name }), (c) => removeAt(c, pointer, i))} />
              </span>
            </li>
          );
        })}
      </ol>
      <GroupFindings pointer={pointer} />
      {!api.readOnly && (
        <button type="button" className="ghost small" onClick={() => api.structural(t('campaign.undo.added', { noun }), (c) => insertAt(c, pointer, items.length, { id: newId('kw'), text: '', match: 'phrase' }))}>
          {t('campaign.add', { noun })}
        </button>
      )}
    </fieldset>
  );
}

const newAd = (finalUrl: string): ResponsiveSearchAd => ({ id: newId('rsa'), headlines: [], descriptions: [], finalUrl, status: 'paused' });

function SearchAd({ pointer, index, count }: { pointer: string; index: number; count: number }) {
  const t = useT();
  const api = useEditorApi();
  const ad = getAt<ResponsiveSearchAd>(api.campaign, pointer);
  const list = pointer.replace(/\/\d+$/, '');
  const name = t('campaign.search.ad', { n: index + 1 });
  return (
    <Group
      title={name}
      pointer={pointer}
      actions={<ItemActions name={name} index={index} count={count} onMove={(f, to) => api.structural(t('campaign.undo.moved', { name }), (c) => moveAt(c, list, f, to))} onRemove={() => api.structural(t('campaign.undo.removed', { name }), (c) => removeAt(c, list, index))} />}
    >
      <TextList pointer={join(pointer, 'headlines')} kind={KIND.headline} noun={t('campaign.search.headline')} pins={3} idPrefix={`${ad.id}_h`} />
      <TextList pointer={join(pointer, 'descriptions')} kind={KIND.description} noun={t('campaign.search.description')} pins={2} idPrefix={`${ad.id}_d`} />
      <div className="settings-row">
        <StringField pointer={join(pointer, 'path1')} kind={KIND.path} label={t('campaign.path1')} />
        <StringField pointer={join(pointer, 'path2')} kind={KIND.path} label={t('campaign.path2')} />
      </div>
      <Input pointer={join(pointer, 'finalUrl')} label={t('campaign.finalUrl')} type="url" />
    </Group>
  );
}

function AdGroup({ index, count }: { index: number; count: number }) {
  const t = useT();
  const api = useEditorApi();
  const pointer = `/adGroups/${index}`;
  const group = getAt<GoogleAdGroup>(api.campaign, pointer);
  const title = t('campaign.search.adGroup', { n: index + 1, name: group.name });
  const name = t('campaign.search.adGroupShort', { n: index + 1 });
  return (
    <Group
      title={title}
      pointer={pointer}
      actions={<ItemActions name={name} index={index} count={count} onMove={(f, to) => api.structural(t('campaign.undo.moved', { name }), (c) => moveAt(c, '/adGroups', f, to))} onRemove={() => api.structural(t('campaign.undo.removed', { name }), (c) => removeAt(c, '/adGroups', index))} />}
    >
      <div className="settings-row">
        <Input pointer={join(pointer, 'name')} label={t('campaign.adGroupName')} />
        <Input pointer={join(pointer, 'defaultMaxCpc')} label={t('campaign.defaultMaxCpc')} type="number" min={0} step={0.01} />
      </div>
      <KeywordList pointer={join(pointer, 'keywords')} />
      <KeywordList pointer={join(pointer, 'negativeKeywords')} negative />
      {group.ads.map((ad, i) => (
        <SearchAd key={ad.id} pointer={join(pointer, 'ads', i)} index={i} count={group.ads.length} />
      ))}
      {!api.readOnly && (
        <button type="button" className="ghost small" onClick={() => api.structural(t('campaign.undo.added', { noun: t('campaign.search.adNoun') }), (c) => insertAt(c, join(pointer, 'ads'), group.ads.length, newAd(group.ads[0]?.finalUrl ?? '')))}>
          {t('campaign.add', { noun: t('campaign.search.adNoun') })}
        </button>
      )}
    </Group>
  );
}

/** Google Search: campaign settings, then ad groups → keywords (and negatives) → responsive search ads. */
export function GoogleSearchForm() {
  const t = useT();
  const api = useEditorApi();
  const c = api.campaign as GoogleSearchCampaign;
  const firstUrl = c.adGroups[0]?.ads[0]?.finalUrl ?? '';
  return (
    <>
      <Group title={t('campaign.settings')} pointer="">
        <Input pointer="/name" label={t('campaign.name')} />
        <BudgetInputs pointer="/dailyBudget" label={t('campaign.dailyBudget')} />
        <div className="settings-row">
          <Select pointer="/bidding/strategy" label={t('campaign.bidding')} options={GOOGLE_BIDDING_STRATEGIES} />
          {c.bidding.strategy === 'TARGET_CPA' && <Input pointer="/bidding/targetCpa" label={t('campaign.targetCpa')} type="number" min={0} step={0.01} />}
          {c.bidding.strategy === 'TARGET_ROAS' && <Input pointer="/bidding/targetRoas" label={t('campaign.targetRoas')} type="number" min={0} step={0.01} />}
        </div>
        <ListInput pointer="/languages" label={t('campaign.languages')} />
        <ListInput pointer="/locations" label={t('campaign.locations')} />
        <KeywordList pointer="/negativeKeywords" negative />
      </Group>
      {c.adGroups.map((g, i) => (
        <AdGroup key={g.id} index={i} count={c.adGroups.length} />
      ))}
      {!api.readOnly && (
        <button
          type="button"
          className="ghost"
          onClick={() =>
            api.structural(t('campaign.undo.added', { noun: t('campaign.search.adGroupNoun') }), (x) =>
              insertAt(x, '/adGroups', c.adGroups.length, { id: newId('ag'), name: t('campaign.search.newAdGroup'), status: 'paused', keywords: [], negativeKeywords: [], ads: [newAd(firstUrl)] } satisfies GoogleAdGroup),
            )
          }
        >
          {t('campaign.add', { noun: t('campaign.search.adGroupNoun') })}
        </button>
      )}
    </>
  );
}
