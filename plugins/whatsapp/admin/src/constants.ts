import { ACTIONS } from '../../shared/permissions';

const only = (action: string) => [{ action, subject: null }];

/** Permission arrays for `useRBAC` and `Page.Protect`, derived from the shared action ids. */
export const PERMISSIONS = {
  menu: [ACTIONS.messagesRead, ACTIONS.numbersRead, ACTIONS.templatesRead, ACTIONS.automationsManage].map((action) => ({
    action,
    subject: null,
  })),
  messagesRead: only(ACTIONS.messagesRead),
  messagesSend: only(ACTIONS.messagesSend),
  numbersRead: only(ACTIONS.numbersRead),
  numbersAssign: only(ACTIONS.numbersAssign),
  numbersSync: only(ACTIONS.numbersSync),
  accountsManage: only(ACTIONS.accountsManage),
  templatesRead: only(ACTIONS.templatesRead),
  templatesManage: only(ACTIONS.templatesManage),
  automationsManage: only(ACTIONS.automationsManage),
  settingsRead: only(ACTIONS.settingsRead),
  settingsUpdate: only(ACTIONS.settingsUpdate),
  auditRead: only(ACTIONS.auditRead),
  conversationsManage: only(ACTIONS.conversationsManage),
  conversationNotesWrite: only(ACTIONS.conversationNotesWrite),
  customersExport: only(ACTIONS.customersExport),
  customersErase: only(ACTIONS.customersErase),
  customersBlock: only(ACTIONS.customersBlock),
};
