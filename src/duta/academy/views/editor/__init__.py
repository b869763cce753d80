"""The course editor: the PR team writes courses (modules, lessons with images and PDFs, the quiz) on the site."""
