-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "parentReference" TEXT,
ADD COLUMN     "paused" BOOLEAN NOT NULL DEFAULT false;

