import type { Core } from '@strapi/strapi';

/**
 * Table and column names behind a content type, read from Strapi's metadata rather than
 * hard-coded: Strapi v5 keeps relations in link tables (`<table>_<attr>_lnk`), and the naming
 * rules differ between versions. Raw knex queries (aggregations the query engine cannot express)
 * use these names.
 */
export function tableOf(strapi: Core.Strapi, uid: string): string {
  return (strapi.db.metadata.get(uid as any) as any).tableName;
}

export function columnOf(strapi: Core.Strapi, uid: string, attribute: string): string {
  const meta = strapi.db.metadata.get(uid as any) as any;
  return meta.attributes[attribute]?.columnName ?? attribute;
}

export interface LinkTable {
  name: string;
  /** Column holding the owning row's id (e.g. message_id). */
  ownerColumn: string;
  /** Column holding the related row's id (e.g. customer_id). */
  targetColumn: string;
}

export function linkTableOf(strapi: Core.Strapi, uid: string, attribute: string): LinkTable {
  const meta = strapi.db.metadata.get(uid as any) as any;
  const joinTable = meta.attributes[attribute]?.joinTable;
  if (!joinTable) throw new Error(`[whatsapp] ${uid}.${attribute} has no link table`);
  return { name: joinTable.name, ownerColumn: joinTable.joinColumn.name, targetColumn: joinTable.inverseJoinColumn.name };
}
