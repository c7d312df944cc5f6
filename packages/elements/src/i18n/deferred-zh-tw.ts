import type { DeferredMessages } from './messages.js';

/** Traditional Chinese: what only an interaction or a failure shows, loaded when first needed. */
export const messages: DeferredMessages = {
  editComposerLabel: '編輯你的留言',
  saveEdit: '儲存',
  saving: '儲存中…',
  posted: '你的留言已發布。',
  nameRequired: '請先填寫暱稱再發表。',
  nameToReact: '請先在留言框中填寫暱稱，再加上表情。',
  confirmDelete: '確定刪除這則留言嗎？刪除後無法復原。',
  confirmDeleteYes: '確定刪除',
  reactWith: '用 {emoji} 回應',
  configMissing:
    '留言沒有設定後端。加上 adapter="memory" 可在此瀏覽器中試用，或設定元素的 client 屬性，或呼叫 configure({ client })。',
  configLoadFailed: '無法載入瀏覽器內的留言儲存。請重新整理頁面再試。',
  errorUnauthorized: '請先登入再參與。',
  errorForbidden: '你沒有權限執行此操作。',
  errorNotFound: '這則留言已不存在。',
  errorConflict: '內容已被他人修改，請重新整理後再試。',
  errorRateLimited: '操作太頻繁了，請稍後再試。',
  errorRateLimitedSeconds: '操作太頻繁了，請在 {count} 秒後再試。',
  errorUnavailable: '無法連線到留言服務。請檢查網路後再試。',
  errorInternal: '發生錯誤，請再試一次。',
  errorValidation: '請檢查輸入的內容。',
  errorBodyEmpty: '請先輸入內容。',
  errorBodyTooShort: '留言至少需要 {count} 個字。',
  errorBodyTooLong: '留言最多 {count} 個字。',
  errorEditWindow: '已超過可編輯的時間。',
  errorLocked: '此討論已鎖定。',
};
