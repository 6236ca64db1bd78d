import type { ChartOptions, ChartType } from '../artifacts';
import { findColumn } from './profile';

const TYPE_WORDS: [RegExp, ChartType][] = [
  [/\b(bar|column)s?\b/, 'bar'],
  [/\blines?\b/, 'line'],
  [/\bareas?\b/, 'area'],
  [/\b(donut|doughnut|pie)s?\b/, 'donut'],
  [/\bscatter(plot)?s?\b/, 'scatter'],
  [/\b(kpi|big number|single number|tile)\b/, 'kpi'],
];

export interface ParsedChanges {
  options: ChartOptions;
  /** Things the person asked for that do not fit this table, in words they can act on. */
  problems: string[];
}

/** Whether the person said they do not want a chart ("no chart", "just the table"). */
export function declinesChart(text: string | undefined): boolean {
  if (!text) return false;
  return /\b(no|without(\s+an?)?|don'?t\s+(need|want|show)(\s+an?)?|skip(\s+the)?)\s+(charts?|graphs?|plots?|visuali[sz]ations?|visuals?)\b|\b(just|only)\s+(the\s+|a\s+)?(table|numbers|rows|raw data)\b|\bas\s+a\s+table\b|\btable\s+only\b/i.test(
    text,
  );
}

/** Whether the text asks for a chart or a change to one (for the offline planner's routing). */
export function asksForChart(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (declinesChart(t)) return false;
  return (
    /\b(chart|graph|plot|visuali[sz]e|visualization|scatterplot|donut|pie)\b/.test(t) ||
    /\b(log(arithmic)?\s+scale|linear\s+scale|stack(ed)?\s+(it\s+)?by|colou?r\s+(it\s+)?by|split\s+(it\s+)?by)\b/.test(t) ||
    /^(make|turn|show|switch)\s+(it|this|that)\s+(to|into|as)?\s*(an?\s+)?(bar|line|area|donut|pie|scatter|kpi)/.test(t) ||
    /^(only|just)\s+\d{4}\b/.test(t) ||
    /^(show\s+)?(only\s+)?(the\s+)?top\s+\d+\s*[.!]?$/.test(t)
  );
}

/** "as a bar chart", "in a line graph", "plot": the words that only say how to draw. */
const CHART_WORDS =
  /\b(?:(?:as|in|into|with|on|using)\s+)?(?:an?\s+)?(?:(?:(?:bar|column|line|area|donut|doughnut|pie|scatter|kpi|stacked)\s+)?(?:charts?|graphs?|plots?|scatterplots?|visuali[sz]ations?)|donuts?|doughnuts?|pies?)\b|^\s*(?:chart|plot|graph|visuali[sz]e)\b/gi;

/**
 * The question without its chart words, when what is left is a question of its own ("revenue by
 * month in 2025 as a bar chart" → "revenue by month in 2025"); null for a change to the current
 * chart ("make it a bar chart", "log scale", "top 10", "stack by region").
 */
export function questionBesideChart(text: string): string | null {
  if (!asksForChart(text)) return null;
  const rest = text.replace(CHART_WORDS, ' ').replace(/[\s,.;:!?]+$/, '').replace(/\s+/g, ' ').trim();
  if (!rest || asksForChart(rest)) return null;
  // What is left must say what data, not point at the chart already shown ("make it", "show that").
  if (/^(?:(?:please\s+)?(?:make|turn|switch|change|show|draw|redraw|do|use|put)\s+)?(?:it|this|that|them|these|those)\b/i.test(rest)) return null;
  if (/^(?:make|turn|switch|change|use|redraw|draw|me|please|now|instead|again|the same)?$/i.test(rest)) return null;
  return rest;
}

function chartTypeIn(t: string): ChartType | undefined {
  // "line" alone is too common a word ("product line"): a type counts only next to chart words.
  const phrase =
    /\b(?:as|into|to|make it|use|switch to|show it as|with)\s+(?:an?\s+)?([a-z]+(?:\s+[a-z]+)?)\s*(?:chart|graph|plot)?\b/.exec(t)?.[1] ??
    /\b([a-z]+)\s+(?:chart|graph|plot)\b/.exec(t)?.[1] ??
    (/\b(donut|doughnut|pie|scatter(?:plot)?|kpi)\b/.exec(t)?.[1] || undefined);
  if (!phrase) return undefined;
  for (const [re, type] of TYPE_WORDS) if (re.test(phrase)) return type;
  return undefined;
}

/**
 * Reads a change request in plain words — "make it a bar chart", "stack by region", "log scale",
 * "only 2024", "top 10" — against the table's column names.
 */
export function parseChanges(text: string | undefined, columns: { name: string }[]): ParsedChanges {
  const options: ChartOptions = {};
  const problems: string[] = [];
  if (!text) return { options, problems };
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();

  const type = chartTypeIn(t);
  if (type) options.chartType = type;
  if (/\bstack(ed|ing)?\b/.test(t)) options.stack = true;
  if (/\b(unstack(ed)?|side by side|grouped|not stacked)\b/.test(t)) options.stack = false;

  const by = /\b(?:stack(?:ed)?|colou?r(?:ed)?|split|break(?:\s+it)?\s+down|one\s+(?:line|bar|colou?r)\s+per)\s+(?:it\s+|them\s+)?(?:by\s+)?(?:the\s+)?([a-z0-9_ -]+?)(?=\s+(?:and|with|in|on|as|using)\b|[.,;!?]|$)/.exec(t);
  if (by && !/^(the\s+)?(chart|it|them|bar|line|area)s?$/.test(by[1])) {
    const col = findColumn(columns, by[1]);
    if (col) options.color = col.name;
    else problems.push(`there is no column like "${by[1]}" to split by; the columns are ${columns.map((c) => c.name).join(', ')}`);
  }

  if (/\blog(arithmic)?\b(\s+\w+)?\s*(scale|axis)?\b/.test(t) && /\blog(arithmic)?\b/.test(t) && !/\blogin|\blogs\b/.test(t)) options.logScale = true;
  if (/\blinear\s+(scale|axis)\b/.test(t)) options.logScale = false;

  const top = /\b(?:top|first|largest|biggest|highest)\s+(\d{1,3})\b/.exec(t);
  if (top) {
    const n = Number(top[1]);
    if (n >= 1 && n <= 100) options.top = n;
    else problems.push(`"top ${top[1]}" must be between 1 and 100`);
  }

  const only = /\b(?:only|just)\s+(?:for\s+|in\s+|show\s+)?(?:the\s+)?([a-z0-9][\w' -]*?)(?=\s+(?:and|with|as|please)\b|[.,;!?]|$)/.exec(t);
  if (only && !/^(table|numbers|rows|raw data|chart)$/.test(only[1]) && !/^top\b/.test(only[1])) {
    options.only = only[1].trim();
  }

  const title = /\btitle(?:d)?\s*(?:it\s*)?(?:to\s*)?[:"“']\s*([^"”']+)["”']?/.exec(text);
  if (title) options.title = title[1].trim();

  return { options, problems };
}
