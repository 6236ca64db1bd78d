import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { AuthGate } from './auth/auth-gate';
import { pickLocale } from './i18n/catalogues';
import { I18nProvider } from './i18n/i18n';
import './styles.css';

const locale = pickLocale(navigator.languages ?? [navigator.language]);
document.documentElement.lang = locale;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider locale={locale}>
      <AuthGate>
        <App />
      </AuthGate>
    </I18nProvider>
  </StrictMode>,
);
