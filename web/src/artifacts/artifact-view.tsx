import type { ChartArtifactData, ForecastArtifactData, TableArtifactData } from '../../../tools/artifacts';
import type { CampaignArtifactData } from '../../../tools/campaigns/model';
import { CampaignArtifact } from '../campaigns/campaign-artifact';
import { useT } from '../i18n/i18n';
import type { ArtifactView as Artifact } from '../state/types';
import { ChartView } from './chart-view';
import { ForecastView } from './forecast-view';
import { TableView } from './table-view';

/** Renders one artifact by kind; kinds this view does not know yet say so plainly. */
export function ArtifactView({ artifact }: { artifact: Artifact }) {
  const t = useT();
  switch (artifact.kind) {
    case 'table':
      return <TableView id={artifact.id} title={artifact.title} data={artifact.data as TableArtifactData} />;
    case 'chart':
      return <ChartView id={artifact.id} data={artifact.data as ChartArtifactData} />;
    case 'forecast':
      return <ForecastView id={artifact.id} title={artifact.title} data={artifact.data as ForecastArtifactData} />;
    case 'campaign':
      return <CampaignArtifact id={artifact.id} data={artifact.data as CampaignArtifactData} />;
    default:
      return (
        <section className="artifact" data-artifact-kind={artifact.kind} data-artifact-id={artifact.id}>
          <p className="muted">{t('artifact.unknown', { kind: artifact.kind })}</p>
        </section>
      );
  }
}
