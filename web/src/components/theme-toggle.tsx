import { useT } from '../i18n/i18n';
import type { Theme } from '../hooks/use-theme';
import { Icon } from './icons';

export function ThemeToggle({ theme, onToggle }: { theme: Theme; onToggle(): void }) {
  const t = useT();
  const next = theme === 'dark' ? t('theme.light') : t('theme.dark');
  return (
    <button type="button" className="icon" onClick={onToggle} aria-label={t('theme.toggle', { mode: next })} title={t('theme.toggle', { mode: next })}>
      <Icon name={theme === 'dark' ? 'sun' : 'moon'} size={18} />
    </button>
  );
}
