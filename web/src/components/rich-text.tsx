import { lazy, Suspense } from 'react';

const load = () => import('./markdown');
// Markdown (react-markdown + remark) is its own chunk: the first screen does not wait for it.
const MarkdownText = lazy(load);

/** Starts fetching the Markdown renderer early (e.g. while a conversation's history loads). */
export function preloadMarkdown() {
  void load();
}

/** Markdown once its renderer has loaded; the plain words until then. */
export function RichText({ text }: { text: string }) {
  return (
    <Suspense fallback={<div className="plain-text">{text}</div>}>
      <MarkdownText text={text} />
    </Suspense>
  );
}
