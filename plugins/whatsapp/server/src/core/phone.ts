/** Phone numbers as WhatsApp and the CRM see them: shared/phone.ts (the admin validates typed numbers with the same rules). */
export * from '../../../shared/phone';
