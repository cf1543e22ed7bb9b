import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** An organization's settings: the account row's name and billing email (`accounts.email`). */
export interface OrganizationRow {
  id: string;
  name: string;
  email: string | null;
  created_at: Date;
}

export async function findOrganization(db: Sequelize, id: string, t?: Transaction): Promise<OrganizationRow | null> {
  const rows = await db.query<OrganizationRow>(`SELECT id, name, email, created_at FROM accounts WHERE id = :id`, { replacements: { id }, type: QueryTypes.SELECT, transaction: t });
  return rows[0] ?? null;
}

/** Sets the fields given (undefined: unchanged; a null billing email clears it). */
export async function updateOrganization(db: Sequelize, id: string, changes: { name?: string; email?: string | null }, t?: Transaction): Promise<OrganizationRow | null> {
  const rows = await db.query<OrganizationRow>(
    `UPDATE accounts SET name = COALESCE(:name, name), email = CASE WHEN :setEmail THEN :email ELSE email END, updated_at = now()
      WHERE id = :id RETURNING id, name, email, created_at`,
    { replacements: { id, name: changes.name ?? null, setEmail: changes.email !== undefined, email: changes.email ?? null }, type: QueryTypes.SELECT, transaction: t },
  );
  return rows[0] ?? null;
}
