// Package file holds the file.* checks: problems reading what the user gave us.
package file
