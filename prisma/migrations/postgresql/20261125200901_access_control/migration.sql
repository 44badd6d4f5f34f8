-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "agency" TEXT,
    "label" TEXT,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseAssignment" (
    "id" SERIAL NOT NULL,
    "caseReference" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_secretHash_key" ON "ApiToken"("secretHash");

-- CreateIndex
CREATE INDEX "CaseAssignment_subject_idx" ON "CaseAssignment"("subject");

-- CreateIndex
CREATE UNIQUE INDEX "CaseAssignment_caseReference_subject_role_key" ON "CaseAssignment"("caseReference", "subject", "role");


-- The access audit trail is append-only.
CREATE FUNCTION "AuditEntry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'AuditEntry is append-only'; END $$;
CREATE TRIGGER "AuditEntry_no_update_delete" BEFORE UPDATE OR DELETE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION "AuditEntry_append_only"();
