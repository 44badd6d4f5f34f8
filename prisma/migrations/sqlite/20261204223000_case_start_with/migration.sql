-- What a case's workflow is started from while its row is `starting` (worker/case-start.ts): protected.
ALTER TABLE "Case" ADD COLUMN "startWith" TEXT;
