/**
 * What a stack costs: a dated table of AWS's on-demand list prices for the regions it covers
 * ({@code prices.json}), and the bill of a stack's resources by line, each kind pricing what it makes.
 */
package ecstest.deploy.pricing;
