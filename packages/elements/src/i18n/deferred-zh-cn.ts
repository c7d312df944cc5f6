import type { DeferredMessages } from './messages.js';

/** Simplified Chinese: what only an interaction or a failure shows, loaded when first needed. */
export const messages: DeferredMessages = {
  editComposerLabel: '编辑你的评论',
  saveEdit: '保存',
  saving: '保存中…',
  posted: '你的评论已发布。',
  nameRequired: '请先填写昵称再发表。',
  nameToReact: '请先在评论框中填写昵称，再添加表情。',
  confirmDelete: '确定删除这条评论吗？删除后无法恢复。',
  confirmDeleteYes: '确定删除',
  reactWith: '用 {emoji} 回应',
  configMissing:
    '评论没有配置后端。添加 adapter="memory" 可在本浏览器中试用，或设置元素的 client 属性，或调用 configure({ client })。',
  configLoadFailed: '无法加载浏览器内的评论存储。请刷新页面重试。',
  errorUnauthorized: '请先登录再参与。',
  errorForbidden: '你没有权限执行此操作。',
  errorNotFound: '该评论已不存在。',
  errorConflict: '内容已被他人修改，请刷新后重试。',
  errorRateLimited: '操作太频繁了，请稍后再试。',
  errorRateLimitedSeconds: '操作太频繁了，请在 {count} 秒后再试。',
  errorUnavailable: '无法连接评论服务。请检查网络后重试。',
  errorInternal: '出错了，请重试。',
  errorValidation: '请检查输入的内容。',
  errorBodyEmpty: '请先输入内容。',
  errorBodyTooShort: '评论至少需要 {count} 个字。',
  errorBodyTooLong: '评论最多 {count} 个字。',
  errorEditWindow: '已超过可编辑的时间。',
  errorLocked: '此讨论已锁定。',
};
