import { useState } from 'react';
import { useT } from '../i18n/i18n';

/** Copies text to the clipboard and says so for a moment. */
export function CopyButton({ text, label, className }: { text: string; label?: string; className?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard refused (insecure origin): select-and-copy by hand still works.
      return;
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button type="button" className={className ?? 'ghost small'} onClick={copy} aria-live="polite">
      {copied ? t('message.copied') : (label ?? t('message.copy'))}
    </button>
  );
}
