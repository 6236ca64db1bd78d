/**
 * Rest.li 2.0 query values, the way LinkedIn's /rest API wants them: URNs inside a value are
 * percent-encoded (`urn%3Ali%3Ashare%3A1`), while the structure — `List(...)`, `(key:value)` —
 * stays literal.
 */
export function urn(value: string): string {
  return encodeURIComponent(value);
}

export function list(values: string[]): string {
  return `List(${values.map(urn).join(',')})`;
}

/** `(timeRange:(start:…,end:…),timeGranularityType:DAY)`: end is exclusive, both epoch ms. */
export function dayIntervals(startMs: number, endMs: number): string {
  return `(timeRange:(start:${startMs},end:${endMs}),timeGranularityType:DAY)`;
}

export function organizationUrn(id: string): string {
  return `urn:li:organization:${id}`;
}
