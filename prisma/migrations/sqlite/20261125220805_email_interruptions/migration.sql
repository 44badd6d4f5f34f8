-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_EmailMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "idempotencyKey" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "caseReference" TEXT,
    "kind" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "interruptedAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "EmailMessage_caseReference_fkey" FOREIGN KEY ("caseReference") REFERENCES "Case" ("reference") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_EmailMessage" ("attempts", "caseReference", "createdAt", "id", "idempotencyKey", "kind", "messageId", "recipients", "sentAt", "status", "subject") SELECT "attempts", "caseReference", "createdAt", "id", "idempotencyKey", "kind", "messageId", "recipients", "sentAt", "status", "subject" FROM "EmailMessage";
DROP TABLE "EmailMessage";
ALTER TABLE "new_EmailMessage" RENAME TO "EmailMessage";
CREATE UNIQUE INDEX "EmailMessage_idempotencyKey_key" ON "EmailMessage"("idempotencyKey");
CREATE INDEX "EmailMessage_caseReference_idx" ON "EmailMessage"("caseReference");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

