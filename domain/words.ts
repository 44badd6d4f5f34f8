/** Words for a kebab-case key, where the key already says it: 'cadence-changed' -> 'Cadence changed'. */
export function keyInWords(key: string): string {
  const words = key.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
