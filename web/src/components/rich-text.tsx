import { lazy, Suspense } from 'react';

// Markdown (react-markdown + remark) is its own chunk: the first screen does not wait for it.
const MarkdownText = lazy(() => import('./markdown'));

/** Markdown once its renderer has loaded; the plain words until then. */
export function RichText({ text }: { text: string }) {
  return (
    <Suspense fallback={<div className="plain-text">{text}</div>}>
      <MarkdownText text={text} />
    </Suspense>
  );
}
