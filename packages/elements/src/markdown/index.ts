export { renderMarkdown } from './markdown.js';
export { markdownStyles } from './markdown.styles.js';
export { safeHref } from './url.js';
