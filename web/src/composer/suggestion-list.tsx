import type { MessageKey } from '../i18n/en';
import { useT } from '../i18n/i18n';
import type { CompletionItem } from './autocomplete';

/** The autocomplete list above the composer (a listbox; the editor keeps the keyboard focus). */
export function SuggestionList(props: { id: string; items: CompletionItem[]; active: number; onChoose(item: CompletionItem): void; onHover(index: number): void }) {
  const t = useT();
  return (
    <ul id={props.id} className="suggestion-list" role="listbox" aria-label={t('composer.suggestions')}>
      {props.items.map((item, i) => (
        <li
          key={item.insert}
          role="option"
          aria-selected={i === props.active}
          className={i === props.active ? 'active' : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            props.onChoose(item);
          }}
          onMouseEnter={() => props.onHover(i)}
        >
          <span className="suggestion-label">{item.label}</span>
          <span className="suggestion-detail">{'key' in item.detail ? t(item.detail.key as MessageKey) : item.detail.text}</span>
        </li>
      ))}
    </ul>
  );
}
