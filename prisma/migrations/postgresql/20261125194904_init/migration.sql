-- CreateTable
CREATE TABLE "Case" (
    "reference" TEXT NOT NULL,
    "process" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "awareOn" TEXT NOT NULL,
    "childPseudonym" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "calendarVersion" TEXT NOT NULL,
    "nextDue" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("reference")
);

-- CreateTable
CREATE TABLE "Deadline" (
    "id" SERIAL NOT NULL,
    "caseReference" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "due" TEXT NOT NULL,
    "statutoryDue" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL,
    "metOn" TEXT,
    "sentence" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "calendarVersion" TEXT NOT NULL,

    CONSTRAINT "Deadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "id" SERIAL NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "caseReference" TEXT NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "actor" TEXT,
    "note" TEXT,

    CONSTRAINT "TimelineEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" SERIAL NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "caseReference" TEXT,
    "kind" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "origin" TEXT,
    "requestId" TEXT,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Case_workflowId_key" ON "Case"("workflowId");

-- CreateIndex
CREATE INDEX "Case_state_nextDue_idx" ON "Case"("state", "nextDue");

-- CreateIndex
CREATE UNIQUE INDEX "Deadline_caseReference_key_key" ON "Deadline"("caseReference", "key");

-- CreateIndex
CREATE UNIQUE INDEX "TimelineEvent_idempotencyKey_key" ON "TimelineEvent"("idempotencyKey");

-- CreateIndex
CREATE INDEX "TimelineEvent_caseReference_id_idx" ON "TimelineEvent"("caseReference", "id");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_idempotencyKey_key" ON "EmailMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "EmailMessage_caseReference_idx" ON "EmailMessage"("caseReference");

-- AddForeignKey
ALTER TABLE "Deadline" ADD CONSTRAINT "Deadline_caseReference_fkey" FOREIGN KEY ("caseReference") REFERENCES "Case"("reference") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEvent" ADD CONSTRAINT "TimelineEvent_caseReference_fkey" FOREIGN KEY ("caseReference") REFERENCES "Case"("reference") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_caseReference_fkey" FOREIGN KEY ("caseReference") REFERENCES "Case"("reference") ON DELETE SET NULL ON UPDATE CASCADE;

