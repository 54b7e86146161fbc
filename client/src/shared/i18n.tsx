/**
 * Bokmål first, English second. Texts sit next to where they are used: t('nb', 'en').
 */
import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

export type Lang = 'nb' | 'en';

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (nb: string, en: string) => string;
}

const LangContext = createContext<LangState>({
  lang: 'nb',
  setLang: () => {},
  t: (nb) => nb,
});

const STORAGE_KEY = 'kor.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'nb';
  } catch {
    return 'nb';
  }
}

export function LangProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, [lang]);
  const t = (nb: string, en: string) => (lang === 'nb' ? nb : en);
  return <LangContext.Provider value={{ lang, setLang, t }}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

export function LangSwitch() {
  const { lang, setLang } = useLang();
  return (
    <fieldset class="lang-switch">
      <legend class="visually-hidden">Språk / Language</legend>
      <button type="button" aria-pressed={lang === 'nb'} onClick={() => setLang('nb')} lang="nb">
        Bokmål
      </button>
      <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')} lang="en">
        English
      </button>
    </fieldset>
  );
}
