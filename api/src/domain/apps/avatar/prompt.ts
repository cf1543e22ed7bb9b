import type { AvatarPersona } from './presets';

/** The persona attributes, in the order they read well, turned into a portrait prompt. */
export function composeAvatarPrompt(persona: AvatarPersona, extra?: string): string {
  const who = [persona.age ? `${persona.age}-year-old` : '', persona.ethnicity ?? '', persona.gender ?? 'person'].filter(Boolean).join(' ');
  const parts = [
    `Portrait photo of a ${who}`,
    persona.body_type && `${persona.body_type} build`,
    (persona.hair_style || persona.hair_color) && `${[persona.hair_style, persona.hair_color].filter(Boolean).join(' ')} hair`,
    persona.eye_color && `${persona.eye_color} eyes`,
    persona.skin_tone && `${persona.skin_tone} skin`,
    persona.style && `${persona.style} style`,
    persona.personality && `${persona.personality} expression`,
    persona.background && `background: ${persona.background}`,
  ].filter(Boolean);
  return [parts.join(', '), extra?.trim()].filter(Boolean).join('. ');
}
