package io.bluegreen.sample;

import java.math.BigDecimal;

/**
 * An order placed by a customer.
 *
 * @param id the order id
 * @param customer the customer id
 * @param amount the order total
 * @author bluegreen
 */
public record Order(String id, String customer, BigDecimal amount) {

}
