/**
 * Avatar presets: ready-made illustrated mascots (drawn from the SVG below, no model involved), so
 * a pose generation can start without a photo or a generation. Each carries persona data.
 */
export interface AvatarPersona {
  /** @maxLength 100 */
  name?: string;
  /** @isInt @minimum 1 @maximum 120 */
  age?: number;
  /** @maxLength 100 */
  gender?: string;
  /** @maxLength 100 */
  ethnicity?: string;
  /** @maxLength 100 */
  body_type?: string;
  /** @maxLength 100 */
  hair_style?: string;
  /** @maxLength 100 */
  hair_color?: string;
  /** @maxLength 100 */
  eye_color?: string;
  /** @maxLength 100 */
  skin_tone?: string;
  /** Clothing / look, e.g. `smart casual`. @maxLength 100 */
  style?: string;
  /** @maxLength 100 */
  personality?: string;
  /** The backdrop the avatar is shown on. @maxLength 100 */
  background?: string;
}

export interface AvatarPresetDef {
  id: string;
  name: string;
  description: string;
  persona: AvatarPersona;
  colors: { skin: string; hair: string; shirt: string; trousers: string; background: string };
}

export const AVATAR_PRESETS: readonly AvatarPresetDef[] = [
  { id: 'preset_mascot_sunny', name: 'Sunny', description: 'A cheerful shop mascot in a yellow shirt.', persona: { name: 'Sunny', style: 'casual', personality: 'cheerful', hair_color: 'brown', background: 'warm studio' }, colors: { skin: '#F1C27D', hair: '#6B4423', shirt: '#FFC93C', trousers: '#2E4A7D', background: '#FFF4D6' } },
  { id: 'preset_mascot_river', name: 'River', description: 'A calm guide in a teal hoodie.', persona: { name: 'River', style: 'streetwear', personality: 'calm', hair_color: 'black', background: 'cool studio' }, colors: { skin: '#C68642', hair: '#111111', shirt: '#1FA39A', trousers: '#333333', background: '#E0F4F2' } },
  { id: 'preset_mascot_coral', name: 'Coral', description: 'A lively presenter in a coral blazer.', persona: { name: 'Coral', style: 'smart casual', personality: 'energetic', hair_color: 'red', background: 'soft pink studio' }, colors: { skin: '#FFDBAC', hair: '#B7410E', shirt: '#FF6F61', trousers: '#1D1D1D', background: '#FFE8E5' } },
  { id: 'preset_mascot_sage', name: 'Sage', description: 'A friendly expert in a green sweater.', persona: { name: 'Sage', style: 'classic', personality: 'friendly', hair_color: 'grey', background: 'neutral studio' }, colors: { skin: '#8D5524', hair: '#9E9E9E', shirt: '#5B8C5A', trousers: '#3B3B58', background: '#EEF2EA' } },
];

export const findPreset = (id: string) => AVATAR_PRESETS.find((p) => p.id === id);

/** The preset's figure as an SVG (a square canvas `size` px wide), rendered by the worker. */
export function presetSvg(p: AvatarPresetDef, size = 1024): string {
  const c = p.colors;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
  <rect width="100" height="100" fill="${c.background}"/>
  <rect x="38" y="62" width="9" height="34" rx="3" fill="${c.trousers}"/><rect x="53" y="62" width="9" height="34" rx="3" fill="${c.trousers}"/>
  <rect x="33" y="34" width="34" height="32" rx="8" fill="${c.shirt}"/>
  <rect x="24" y="36" width="9" height="26" rx="4" fill="${c.shirt}"/><rect x="67" y="36" width="9" height="26" rx="4" fill="${c.shirt}"/>
  <circle cx="28.5" cy="64" r="4" fill="${c.skin}"/><circle cx="71.5" cy="64" r="4" fill="${c.skin}"/>
  <rect x="46" y="28" width="8" height="8" fill="${c.skin}"/>
  <circle cx="50" cy="20" r="12" fill="${c.skin}"/>
  <path d="M38 18 Q50 2 62 18 Q56 11 50 12 Q44 11 38 18Z" fill="${c.hair}"/>
  <circle cx="45.5" cy="20" r="1.4" fill="#222"/><circle cx="54.5" cy="20" r="1.4" fill="#222"/>
  <path d="M45 25 Q50 29 55 25" stroke="#222" stroke-width="1.2" fill="none"/>
</svg>`;
}
