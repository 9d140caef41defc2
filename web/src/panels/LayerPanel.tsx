/** Toggles and legends for every registry layer; a layer whose legend filters switches its values one by one. */
import { LAYERS, type LayerDefinition, type LayerId } from '../../../tiles/layers';
import { useI18n } from '../i18n';
import { MAP_LAYERS } from '../map/layer-modules';

const css = (c: readonly number[]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

interface Props {
  visible: ReadonlySet<LayerId>;
  onToggle(id: LayerId): void;
  collapsed: boolean;
  onCollapse(c: boolean): void;
  /** The public map: only the layers anyone may see. */
  publicOnly?: boolean;
  /** Per layer, legend values switched off; with onToggleValue, filtering legends become buttons. */
  hidden?: Partial<Record<LayerId, ReadonlySet<string>>>;
  onToggleValue?(layer: LayerId, value: string): void;
}

export function LayerPanel({ visible, onToggle, collapsed, onCollapse, publicOnly = false, hidden = {}, onToggleValue }: Props) {
  const { t, lang } = useI18n();
  return (
    <section className={`panel layer-panel ${collapsed ? 'collapsed' : ''}`} data-testid="layer-panel">
      <button className="panel-title" onClick={() => onCollapse(!collapsed)} aria-expanded={!collapsed}>
        {t('layers')} <span className="chev">{collapsed ? '▸' : '▾'}</span>
      </button>
      {!collapsed && (
        <ul>
          {(LAYERS as readonly LayerDefinition[]).filter((l) => !publicOnly || l.access === 'public').map((l) => {
            const id = l.id as LayerId;
            const on = visible.has(id);
            const module = MAP_LAYERS[id];
            const legend = module.legend;
            const filtering = Boolean(legend?.filter && onToggleValue);
            return (
              <li key={id} className={on ? 'on' : ''}>
                <label title={l.description}>
                  <input type="checkbox" checked={on} onChange={() => onToggle(id)} data-testid={`layer-${id}`} />
                  <span className="swatch" style={{ background: css(module.color) }} />
                  {l.title[lang]}
                  <small>z{l.minzoom}+</small>
                </label>
                {on && legend && filtering && (
                  <div className="legend kinds" role="group" aria-label={l.title[lang]}>
                    {legend.items.map((item) => {
                      const shown = !hidden[id]?.has(item.value);
                      return (
                        <button key={item.value} className={shown ? 'on' : 'off'} aria-pressed={shown} onClick={() => onToggleValue?.(id, item.value)} data-testid={`legend-${id}-${item.value}`}>
                          <i style={{ background: css(item.color) }} />
                          {item[lang]}
                        </button>
                      );
                    })}
                  </div>
                )}
                {on && legend && !filtering && (
                  <div className="legend">
                    {legend.items.map((item) => (
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
