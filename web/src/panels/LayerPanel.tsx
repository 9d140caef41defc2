/** Toggles and legends for every registry layer. */
import { LAYERS, type LayerDefinition, type LayerId } from '../../../tiles/layers';
import { useI18n } from '../i18n';

const css = (c: readonly number[]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

export function LayerPanel({ visible, onToggle, collapsed, onCollapse, publicOnly = false, hiddenKinds, onToggleKind }: { visible: ReadonlySet<LayerId>; onToggle(id: LayerId): void; collapsed: boolean; onCollapse(c: boolean): void; publicOnly?: boolean; hiddenKinds?: ReadonlySet<string>; onToggleKind?(kind: string): void }) {
  const { t, lang } = useI18n();
  return (
    <section className={`panel layer-panel ${collapsed ? 'collapsed' : ''}`} data-testid="layer-panel">
      <button className="panel-title" onClick={() => onCollapse(!collapsed)} aria-expanded={!collapsed}>
        {t('layers')} <span className="chev">{collapsed ? '▸' : '▾'}</span>
      </button>
      {!collapsed && (
        <ul>
          {(LAYERS as readonly LayerDefinition[]).filter((l) => !publicOnly || l.access === 'public').map((l) => {
            const on = visible.has(l.id as LayerId);
            return (
              <li key={l.id} className={on ? 'on' : ''}>
                <label title={l.description}>
                  <input type="checkbox" checked={on} onChange={() => onToggle(l.id as LayerId)} data-testid={`layer-${l.id}`} />
                  <span className="swatch" style={{ background: css(l.style.color) }} />
                  {l.title[lang]}
                  <small>z{l.minzoom}+</small>
                </label>
                {on && l.id === 'devices' && l.style.colorBy && onToggleKind && (
                  // Device kinds switch on and off one by one.
                  <div className="legend kinds" role="group" aria-label={t('deviceKinds')}>
                    {l.style.colorBy.legend.map((item) => {
                      const shown = !hiddenKinds?.has(item.value);
                      return (
                        <button key={item.value} className={shown ? 'on' : 'off'} aria-pressed={shown} onClick={() => onToggleKind(item.value)} data-testid={`kind-${item.value}`}>
                          <i style={{ background: css(item.color) }} />
                          {item[lang]}
                        </button>
                      );
                    })}
                  </div>
                )}
                {on && l.style.colorBy && !(l.id === 'devices' && onToggleKind) && (
                  <div className="legend">
                    {l.style.colorBy.legend.map((item) => (
                      <span key={item.value}>
                        <i style={{ background: css(item.color) }} />
                        {item[lang]}
                      </span>
                    ))}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
