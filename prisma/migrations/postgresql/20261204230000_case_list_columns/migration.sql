-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "commissionedOn" TEXT,
ADD COLUMN     "finishedLate" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "governingDue" TEXT;

-- CreateIndex
CREATE INDEX "Case_state_governingDue_idx" ON "Case"("state", "governingDue");


-- Backfill, once, for rows written before these columns: the same values as caseListColumns in
-- prisma/read-model.ts (finishing deadline and commissioning rule as in domain/processes.ts); every
-- later snapshot writes them from that function.
UPDATE "Case" SET "governingDue" = (SELECT MIN(d."due") FROM "Deadline" d WHERE d."caseReference" = "Case"."reference" AND d."metOn" IS NULL AND NOT d."paused" AND d."kind" <> 'standing');
UPDATE "Case" SET "finishedLate" = EXISTS (SELECT 1 FROM "Deadline" d WHERE d."caseReference" = "Case"."reference" AND d."key" = (CASE "Case"."process" WHEN 'rapid-review' THEN 'rapid-review' WHEN 'practice-review' THEN 'completion' END) AND d."kind" <> 'standing' AND d."metOn" IS NOT NULL AND d."metOn" > d."due");
UPDATE "Case" SET "commissionedOn" = (SELECT d."explanation"::json -> 'start' ->> 'date' FROM "Deadline" d WHERE d."caseReference" = "Case"."reference" AND d."ruleId" = 'T7' LIMIT 1) WHERE "process" = 'practice-review';
