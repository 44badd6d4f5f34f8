-- CreateTable
CREATE TABLE "Audit" (
    "reference" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "partnership" TEXT,
    "theme" TEXT,
    "workflowId" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "stage" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "openedOn" TEXT NOT NULL,
    "returnsDueOn" TEXT NOT NULL,
    "participants" INTEGER NOT NULL,
    "returned" INTEGER NOT NULL,
    "overdueActions" INTEGER NOT NULL DEFAULT 0,
    "milestones" TEXT NOT NULL DEFAULT '[]',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Audit_pkey" PRIMARY KEY ("reference")
);

-- CreateTable
CREATE TABLE "AuditParticipant" (
    "id" SERIAL NOT NULL,
    "auditReference" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "returnedOn" TEXT,
    "ratings" TEXT,
    "evidence" TEXT,

    CONSTRAINT "AuditParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL,
    "partnership" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "papersDueOn" TEXT NOT NULL,
    "agendaOn" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "minutedOn" TEXT,
    "decisions" INTEGER,
    "minutes" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaAction" (
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "parentRef" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "dueOn" TEXT NOT NULL,
    "completedOn" TEXT,
    "description" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "QaAction_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Audit_workflowId_key" ON "Audit"("workflowId");

-- CreateIndex
CREATE INDEX "Audit_state_returnsDueOn_idx" ON "Audit"("state", "returnsDueOn");

-- CreateIndex
CREATE INDEX "AuditParticipant_auditReference_returnedOn_idx" ON "AuditParticipant"("auditReference", "returnedOn");

-- CreateIndex
CREATE UNIQUE INDEX "AuditParticipant_auditReference_participantId_key" ON "AuditParticipant"("auditReference", "participantId");

-- CreateIndex
CREATE INDEX "Meeting_partnership_date_idx" ON "Meeting"("partnership", "date");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_partnership_seq_key" ON "Meeting"("partnership", "seq");

-- CreateIndex
CREATE INDEX "QaAction_completedOn_dueOn_idx" ON "QaAction"("completedOn", "dueOn");

-- CreateIndex
CREATE INDEX "QaAction_parentRef_idx" ON "QaAction"("parentRef");

-- AddForeignKey
ALTER TABLE "AuditParticipant" ADD CONSTRAINT "AuditParticipant_auditReference_fkey" FOREIGN KEY ("auditReference") REFERENCES "Audit"("reference") ON DELETE RESTRICT ON UPDATE CASCADE;

