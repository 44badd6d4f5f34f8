-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Case" (
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
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "parentReference" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Case" ("awareOn", "calendarVersion", "childPseudonym", "createdAt", "nextDue", "process", "reference", "revision", "ruleSetId", "stage", "state", "updatedAt", "workflowId") SELECT "awareOn", "calendarVersion", "childPseudonym", "createdAt", "nextDue", "process", "reference", "revision", "ruleSetId", "stage", "state", "updatedAt", "workflowId" FROM "Case";
DROP TABLE "Case";
ALTER TABLE "new_Case" RENAME TO "Case";
CREATE UNIQUE INDEX "Case_workflowId_key" ON "Case"("workflowId");
CREATE INDEX "Case_state_nextDue_idx" ON "Case"("state", "nextDue");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

