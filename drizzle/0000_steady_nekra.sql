CREATE TABLE `applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`state` text NOT NULL,
	`questions` text NOT NULL,
	`answers` text NOT NULL,
	`credit` text,
	`reason` text,
	`decided_by` integer,
	`review_chat_platform` text,
	`review_chat_id` text,
	`review_message_id` text,
	`created_at` integer NOT NULL,
	`deadline` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `applications_circle_member_state_idx` ON `applications` (`circle_id`,`member_id`,`state`);--> statement-breakpoint
CREATE INDEX `applications_member_state_idx` ON `applications` (`member_id`,`state`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer,
	`actor_id` integer,
	`action` text NOT NULL,
	`target_id` integer,
	`detail` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_circle_at_idx` ON `audit_log` (`circle_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_target_action_idx` ON `audit_log` (`target_id`,`action`);--> statement-breakpoint
CREATE TABLE `circles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`title` text,
	`lang` text DEFAULT 'en' NOT NULL,
	`settings` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circles_platform_chat_uq` ON `circles` (`platform`,`chat_id`);--> statement-breakpoint
CREATE TABLE `credit_cache` (
	`provider` text NOT NULL,
	`member_id` integer NOT NULL,
	`report` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`provider`, `member_id`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `entry_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`prompt` text NOT NULL,
	`options` text NOT NULL,
	`correct` text NOT NULL,
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `entry_questions_circle_position_idx` ON `entry_questions` (`circle_id`,`position`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text,
	`payload` text,
	`run_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_key_uq` ON `jobs` (`key`);--> statement-breakpoint
CREATE INDEX `jobs_status_run_at_idx` ON `jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	`username` text,
	`username_lc` text,
	`display_name` text,
	`first_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_platform_user_uq` ON `members` (`platform`,`user_id`);--> statement-breakpoint
CREATE INDEX `members_platform_username_lc_idx` ON `members` (`platform`,`username_lc`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`circle_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`status` text NOT NULL,
	`since` integer NOT NULL,
	`joined_at` integer,
	PRIMARY KEY(`circle_id`, `member_id`),
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `memberships_circle_status_idx` ON `memberships` (`circle_id`,`status`);--> statement-breakpoint
CREATE INDEX `memberships_member_idx` ON `memberships` (`member_id`);--> statement-breakpoint
CREATE TABLE `processed_updates` (
	`platform` text NOT NULL,
	`update_id` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `update_id`)
);
--> statement-breakpoint
CREATE INDEX `processed_updates_at_idx` ON `processed_updates` (`processed_at`);--> statement-breakpoint
CREATE TABLE `vouches` (
	`circle_id` integer NOT NULL,
	`applicant_id` integer NOT NULL,
	`voucher_id` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`circle_id`, `applicant_id`, `voucher_id`),
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applicant_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voucher_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `vouches_applicant_idx` ON `vouches` (`applicant_id`);--> statement-breakpoint
CREATE INDEX `vouches_voucher_idx` ON `vouches` (`voucher_id`);