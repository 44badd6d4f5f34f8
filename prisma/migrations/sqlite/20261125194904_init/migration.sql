-- CreateTable
CREATE TABLE "Case" (
    "reference" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Deadline" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    CONSTRAINT "Deadline_caseReference_fkey" FOREIGN KEY ("caseReference") REFERENCES "Case" ("reference") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "idempotencyKey" TEXT NOT NULL,
    "caseReference" TEXT NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "actor" TEXT,
    "note" TEXT,
    CONSTRAINT "TimelineEvent_caseReference_fkey" FOREIGN KEY ("caseReference") REFERENCES "Case" ("reference") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "idempotencyKey" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "caseReference" TEXT,
    "kind" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "EmailMessage_caseReference_fkey" FOREIGN KEY ("caseReference") REFERENCES "Case" ("reference") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "origin" TEXT,
    "requestId" TEXT,
    "outcome" TEXT NOT NULL
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

